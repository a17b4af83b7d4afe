// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Intent} from "./lib/Types.sol";
import {IERC20} from "./lib/IERC20.sol";
import {IntentHashing} from "./lib/IntentHashing.sol";
import {ReentrancyGuard} from "./lib/ReentrancyGuard.sol";
import {SafeTransfer} from "./lib/SafeTransfer.sol";

/// @title DestinationSettler
/// @notice Where a solver delivers a cross-chain intent's buy tokens (ERC-7683 `IDestinationSettler.fill`).
///         It records who filled which order with how much and when, and emits `Filled`; the attester watches
///         these events and signs the FillProof that repays the solver on the origin chain. It holds no funds.
///         Until `exclusiveUntil` only the awarded solver may fill; after it anyone may (as UniswapX's
///         exclusivity). The solver and the window come from `originData`, which the order id does not commit to,
///         so a fill is recorded under (order id, solver, exclusiveUntil): a made-up solver or window only opens a
///         separate record and can never block the awarded solver's fill.
contract DestinationSettler is ReentrancyGuard {
    using SafeTransfer for address;

    struct FillRecord {
        address filler;
        uint256 amount;
        uint256 filledAt;
    }

    /// @notice Fills by fill key (`fillKey(orderId, solver, exclusiveUntil)`).
    mapping(bytes32 key => FillRecord) public fills;

    event Filled(
        bytes32 indexed orderId,
        address indexed filler,
        address indexed recipient,
        address buyToken,
        uint256 amount,
        uint256 filledAt,
        uint256 originChainId,
        address originSettler
    );

    error OrderIdMismatch(bytes32 orderId, bytes32 computed);
    error WrongDestinationChain(uint256 destinationChainId);
    error FillDeadlinePassed(uint256 deadline);
    error AlreadyFilled(bytes32 orderId, address filler);
    error FillBelowMinimum(uint256 amount, uint256 minBuyAmount);
    error InvalidFillerData();
    error InsufficientDelivery(uint256 delivered, uint256 required);
    error ExclusiveFill(address solver, uint256 exclusiveUntil);
    error ForbiddenRecipient(address recipient);

    /// @notice The key of a fill record: the order and the (unauthenticated) award terms it was filled under.
    function fillKey(bytes32 orderId, address solver, uint256 exclusiveUntil) public pure returns (bytes32) {
        return keccak256(abi.encode(orderId, solver, exclusiveUntil));
    }

    /// @notice The order id of `intent` opened on `originSettler` (its chain is `intent.sourceChainId`).
    function orderIdOf(Intent calldata intent, address originSettler) public pure returns (bytes32) {
        return IntentHashing.digest(
            IntentHashing.domainSeparatorOf(intent.sourceChainId, originSettler),
            IntentHashing.hashIntentStruct(intent)
        );
    }

    /// @param orderId the id emitted by the origin's `Opened` event.
    /// @param originData `abi.encode(Intent intent, address originSettler, address solver, uint256 exclusiveUntil)`,
    ///        as emitted by `Opened`.
    /// @param fillerData `abi.encode(uint256 amount)`: how much buy token the filler delivers to the recipient.
    function fill(bytes32 orderId, bytes calldata originData, bytes calldata fillerData) external nonReentrant {
        (Intent memory intent, address originSettler, address solver, uint256 exclusiveUntil) =
            abi.decode(originData, (Intent, address, address, uint256));
        if (fillerData.length != 32) revert InvalidFillerData();
        uint256 amount = abi.decode(fillerData, (uint256));

        bytes32 computed = IntentHashing.digest(
            IntentHashing.domainSeparatorOf(intent.sourceChainId, originSettler),
            IntentHashing.hashIntentStructMemory(intent)
        );
        if (computed != orderId) revert OrderIdMismatch(orderId, computed);
        if (intent.destinationChainId != block.chainid) revert WrongDestinationChain(intent.destinationChainId);
        if (block.timestamp > intent.deadline) revert FillDeadlinePassed(intent.deadline);
        if (block.timestamp <= exclusiveUntil && msg.sender != solver) revert ExclusiveFill(solver, exclusiveUntil);
        if (intent.recipient == address(this)) revert ForbiddenRecipient(intent.recipient);
        bytes32 key = fillKey(orderId, solver, exclusiveUntil);
        address previous = fills[key].filler;
        if (previous != address(0)) revert AlreadyFilled(orderId, previous);
        if (amount < intent.minBuyAmount) revert FillBelowMinimum(amount, intent.minBuyAmount);

        fills[key] = FillRecord({filler: msg.sender, amount: amount, filledAt: block.timestamp});
        _deliver(intent.buyToken, intent.recipient, amount);
        emit Filled(
            orderId,
            msg.sender,
            intent.recipient,
            intent.buyToken,
            amount,
            block.timestamp,
            intent.sourceChainId,
            originSettler
        );
    }

    /// @dev Moves `amount` of `buyToken` from the filler to `recipient` and checks it arrived in full.
    function _deliver(address buyToken, address recipient, uint256 amount) private {
        uint256 before = IERC20(buyToken).balanceOf(recipient);
        buyToken.safeTransferFrom(msg.sender, recipient, amount);
        uint256 afterBalance = IERC20(buyToken).balanceOf(recipient);
        uint256 delivered = afterBalance > before ? afterBalance - before : 0;
        if (delivered < amount) revert InsufficientDelivery(delivered, amount);
    }
}
