// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

/// @notice A delay between announcing an administrative change and making it, so the people it affects can react
///         (withdraw, stop settling) before it takes effect. An operation is identified by the hash of its
///         function and arguments: `_schedule(id)` announces it, `_consume(id)` (inside the setter) requires it to
///         be due. With a zero delay (local chains only) setters take effect at once without scheduling.
abstract contract Timelocked {
    /// @notice Seconds between scheduling an operation and the earliest moment it can be carried out.
    uint256 public immutable timelockDelay;
    /// @notice When a scheduled operation becomes executable (0 = not scheduled).
    mapping(bytes32 operation => uint256) public readyAt;

    event OperationScheduled(bytes32 indexed operation, uint256 readyAt, bytes data);
    event OperationCancelled(bytes32 indexed operation);

    error OperationNotScheduled(bytes32 operation);
    error OperationNotReady(bytes32 operation, uint256 readyAt);

    constructor(uint256 delay) {
        timelockDelay = delay;
    }

    /// @dev Announces the operation `data` (its abi-encoded selector and arguments); returns its id.
    function _schedule(bytes memory data) internal returns (bytes32 operation) {
        operation = keccak256(data);
        uint256 due = block.timestamp + timelockDelay;
        readyAt[operation] = due;
        emit OperationScheduled(operation, due, data);
    }

    function _cancel(bytes32 operation) internal {
        if (readyAt[operation] == 0) revert OperationNotScheduled(operation);
        delete readyAt[operation];
        emit OperationCancelled(operation);
    }

    /// @dev Requires the operation `data` to be scheduled and due, and uses the schedule up.
    function _consume(bytes memory data) internal {
        if (timelockDelay == 0) return;
        bytes32 operation = keccak256(data);
        uint256 due = readyAt[operation];
        if (due == 0) revert OperationNotScheduled(operation);
        if (block.timestamp < due) revert OperationNotReady(operation, due);
        delete readyAt[operation];
    }
}
