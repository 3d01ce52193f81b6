// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// Speaks the part of Aave v3's IPool the service reads: getUserAccountData's six-value tuple (base currency
/// with 8 decimals, health factor with 18) set per user by the test, and the exact LiquidationCall and Repay
/// event signatures, emitted by calls shaped like Aave's.
contract TestLendingPool {
    struct AccountData {
        uint256 totalCollateralBase;
        uint256 totalDebtBase;
        uint256 availableBorrowsBase;
        uint256 currentLiquidationThreshold;
        uint256 ltv;
        uint256 healthFactor;
    }

    mapping(address => AccountData) private accounts;

    event LiquidationCall(
        address indexed collateralAsset,
        address indexed debtAsset,
        address indexed user,
        uint256 debtToCover,
        uint256 liquidatedCollateralAmount,
        address liquidator,
        bool receiveAToken
    );

    event Repay(address indexed reserve, address indexed user, address indexed repayer, uint256 amount, bool useATokens);

    function setUserAccountData(address user, AccountData calldata data) external {
        accounts[user] = data;
    }

    function getUserAccountData(address user)
        external
        view
        returns (
            uint256 totalCollateralBase,
            uint256 totalDebtBase,
            uint256 availableBorrowsBase,
            uint256 currentLiquidationThreshold,
            uint256 ltv,
            uint256 healthFactor
        )
    {
        AccountData storage a = accounts[user];
        // Like Aave: no debt means an infinite health factor.
        uint256 hf = a.totalDebtBase == 0 ? type(uint256).max : a.healthFactor;
        return (a.totalCollateralBase, a.totalDebtBase, a.availableBorrowsBase, a.currentLiquidationThreshold, a.ltv, hf);
    }

    function liquidationCall(address collateralAsset, address debtAsset, address user, uint256 debtToCover, bool receiveAToken)
        external
    {
        emit LiquidationCall(collateralAsset, debtAsset, user, debtToCover, debtToCover, msg.sender, receiveAToken);
    }

    function repay(address asset, uint256 amount, uint256, address onBehalfOf) external returns (uint256) {
        emit Repay(asset, onBehalfOf, msg.sender, amount, false);
        return amount;
    }
}
