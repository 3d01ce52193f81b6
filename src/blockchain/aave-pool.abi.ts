import { parseAbi, parseAbiItem } from 'viem';

/** The parts of Aave v3's IPool the wallet read uses, with Aave's exact signatures. */
export const aavePoolAbi = parseAbi([
  'function getUserAccountData(address user) view returns (uint256 totalCollateralBase, uint256 totalDebtBase, uint256 availableBorrowsBase, uint256 currentLiquidationThreshold, uint256 ltv, uint256 healthFactor)',
]);

/** `user` is the borrower whose position was liquidated. */
export const liquidationCallEvent = parseAbiItem(
  'event LiquidationCall(address indexed collateralAsset, address indexed debtAsset, address indexed user, uint256 debtToCover, uint256 liquidatedCollateralAmount, address liquidator, bool receiveAToken)',
);

/** `user` is the borrower whose debt went down; `repayer` paid (usually the same wallet). */
export const repayEvent = parseAbiItem(
  'event Repay(address indexed reserve, address indexed user, address indexed repayer, uint256 amount, bool useATokens)',
);

/** Aave v3 reports collateral and debt in the market's base currency (USD) with 8 decimals. */
export const AAVE_BASE_DECIMALS = 8;
/** The health factor has 18 decimals; with no debt it is uint256 max. */
export const AAVE_HEALTH_FACTOR_DECIMALS = 18;
