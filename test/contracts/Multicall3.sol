// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// Multicall3's aggregate3, with the ABI of the contract deployed at 0xcA11bde05977b3631167028862bE2a173976CA11
/// on most chains. A plain Hardhat node has none, so the tests deploy this one.
contract Multicall3 {
    struct Call3 {
        address target;
        bool allowFailure;
        bytes callData;
    }

    struct Result {
        bool success;
        bytes returnData;
    }

    function aggregate3(Call3[] calldata calls) external payable returns (Result[] memory returnData) {
        returnData = new Result[](calls.length);
        for (uint256 i = 0; i < calls.length; i++) {
            (bool success, bytes memory data) = calls[i].target.call(calls[i].callData);
            require(success || calls[i].allowFailure, "Multicall3: call failed");
            returnData[i] = Result(success, data);
        }
    }
}
