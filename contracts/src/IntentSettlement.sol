// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Intent, Award, Interaction, FillProof} from "./lib/Types.sol";
import {IERC20} from "./lib/IERC20.sol";
import {EIP712} from "./lib/EIP712.sol";
import {IntentHashing} from "./lib/IntentHashing.sol";
import {Owned} from "./lib/Owned.sol";
import {ReentrancyGuard} from "./lib/ReentrancyGuard.sol";
import {SafeTransfer} from "./lib/SafeTransfer.sol";
import {SignatureChecker} from "./lib/SignatureChecker.sol";
import {Timelocked} from "./lib/Timelocked.sol";

/// @notice What the executor pays out after a solver's interactions: the award to the recipient, the rest to
///         the solver.
struct Payout {
    address buyToken;
    address recipient;
    uint256 amount;
    address sellToken;
    address solver;
}

/// @notice Refusals of the interaction executor; IntentSettlement inherits them so its ABI decodes them too.
interface IInteractionErrors {
    /// @dev Only the settlement that deployed the executor may make it call anything.
    error OnlySettlement(address caller);
    /// @dev Interactions may not call the settlement or the executor itself.
    error ForbiddenInteractionTarget(uint256 index, address target);
    /// @dev Interaction `index` reverted with `reason`.
    error InteractionFailed(uint256 index, bytes reason);
    /// @dev The recipient's buy-token balance rose by less than the award's amount during the payment.
    error InsufficientDelivery(uint256 delivered, uint256 required);
}

/// @title InteractionExecutor
/// @notice The sandbox in which one solver's interactions run: IntentSettlement deploys one per solver with
///         CREATE2 (salt = the solver's address). It holds no allowance from anybody (swappers approve the
///         settlement, never an executor), so no interaction can move a swapper's other approvals, and it cannot
///         reach the escrow the settlement holds. It holds nothing between settlements: after the interactions it
///         pays the award to the recipient and sweeps the buy token, the sell token and ether to its solver.
///         Nobody may approve or pre-fund an executor: whatever it holds or may spend is its solver's.
contract InteractionExecutor is IInteractionErrors {
    using SafeTransfer for address;

    address public immutable settlement;

    constructor() {
        settlement = msg.sender;
    }

    /// @notice Runs `interactions`, then pays `p.amount` of `p.buyToken` to `p.recipient` if this executor holds
    ///         that much (returns true; else false and the settlement takes the award from the solver), then sends
    ///         every remaining buy token, sell token and ether to `p.solver`.
    function execute(Interaction[] calldata interactions, Payout calldata p) external payable returns (bool paid) {
        if (msg.sender != settlement) revert OnlySettlement(msg.sender);
        uint256 n = interactions.length;
        for (uint256 i; i < n; ++i) {
            Interaction calldata it = interactions[i];
            address target = it.target;
            if (target == settlement || target == address(this)) revert ForbiddenInteractionTarget(i, target);
            (bool ok, bytes memory ret) = target.call{value: it.value}(it.callData);
            if (!ok) revert InteractionFailed(i, ret);
        }
        address buyToken = p.buyToken;
        uint256 held = IERC20(buyToken).balanceOf(address(this));
        if (held >= p.amount) {
            _pay(buyToken, p.recipient, p.amount);
            paid = true;
            held = held > p.amount ? IERC20(buyToken).balanceOf(address(this)) : 0;
        }
        if (held != 0) buyToken.safeTransfer(p.solver, held);
        if (p.sellToken != buyToken) {
            uint256 sellLeft = IERC20(p.sellToken).balanceOf(address(this));
            if (sellLeft != 0) p.sellToken.safeTransfer(p.solver, sellLeft);
        }
        if (address(this).balance != 0) p.solver.safeTransferNative(address(this).balance);
    }

    /// @dev The one transfer that counts as delivery; it must arrive in full (no fee-on-transfer shortfall).
    function _pay(address buyToken, address recipient, uint256 amount) private {
        uint256 before = IERC20(buyToken).balanceOf(recipient);
        buyToken.safeTransfer(recipient, amount);
        uint256 afterBalance = IERC20(buyToken).balanceOf(recipient);
        uint256 delivered = afterBalance > before ? afterBalance - before : 0;
        if (delivered < amount) revert InsufficientDelivery(delivered, amount);
    }

    receive() external payable {}
}

/// @title IntentSettlement
/// @notice Settles IntentMesh intents on their source chain.
///         Single chain (`settle`): the swapper's sell tokens go into the awarded solver's own executor, the
///         solver's interactions run there, and then exactly the awarded amount is paid to the recipient by this
///         settlement (from the executor, or else from the solver's own balance): only that payment counts.
///         Cross chain (origin settler, ERC-7683 in spirit): `open` escrows the sell tokens here, the solver fills
///         on the destination chain's DestinationSettler, and `repay` releases the escrow to the solver against a
///         fill proof signed by the attester; `refund` returns it to the swapper if no proof came in time.
contract IntentSettlement is EIP712, Owned, Timelocked, ReentrancyGuard, IInteractionErrors {
    using SafeTransfer for address;

    enum OrderStatus {
        None,
        Open,
        Repaid,
        Refunded
    }

    /// @notice A cross-chain order escrowed on this (origin) chain.
    struct Order {
        OrderStatus status;
        address swapper;
        address solver;
        address sellToken;
        uint256 escrowed;
        uint256 destinationChainId;
        uint256 buyAmount;
        uint256 fillDeadline;
    }

    /// @notice Latest fill deadline `open` accepts, from now: bounds how long a solver can hold escrow unfilled.
    uint256 public constant MAX_FILL_WINDOW = 7 days;
    /// @notice How long after `open` only the awarded solver may fill on the destination (ERC-7683 exclusivity).
    uint256 public constant EXCLUSIVITY_WINDOW = 10 minutes;
    /// @notice Upper bound on `proofWindow`, so `fillDeadline + proofWindow` can never overflow.
    uint256 public constant MAX_PROOF_WINDOW = 30 days;

    /// @notice keccak256 of the executor's creation code: executors are at CREATE2(this, salt = solver, hash).
    bytes32 public immutable executorCodeHash;
    /// @notice Seconds after an order's fill deadline during which only a repayment is possible; a refund
    ///         to the swapper is possible after it. Fixed at deployment so nobody can shorten it under a solver.
    uint256 public immutable proofWindow;

    /// @notice Key whose EIP-712 signature on an Award authorises a solver.
    address public auctioneer;
    /// @notice Key whose EIP-712 signature on a FillProof releases a cross-chain escrow to the solver.
    address public attester;
    /// @notice Canonical DestinationSettler per destination chain id; fill proofs must name it.
    mapping(uint256 chainId => address settler) public destinationSettlers;
    /// @notice Per-swapper nonce bitmap: bit (nonce & 255) of word (nonce >> 8) is set once used or cancelled.
    mapping(address swapper => mapping(uint256 word => uint256 bits)) public nonceBitmap;
    /// @notice Cross-chain orders by order id (= the intent hash).
    mapping(bytes32 orderId => Order) public orders;
    /// @notice Executors this settlement deployed (none of them may be a recipient).
    mapping(address executor => bool) public isExecutor;

    /// @notice `delivered` of `buyToken` was paid to `recipient` by this settlement: exactly the award's amount.
    event Settled(
        bytes32 indexed intentHash,
        bytes32 indexed auctionId,
        address indexed solver,
        address recipient,
        address buyToken,
        uint256 delivered
    );
    event ExecutorDeployed(address indexed solver, address executor);
    event AuctioneerRotated(address indexed previousAuctioneer, address indexed newAuctioneer);
    event AttesterRotated(address indexed previousAttester, address indexed newAttester);
    event DestinationSettlerSet(uint256 indexed chainId, address indexed settler);
    event NonceCancelled(address indexed swapper, uint256 nonce);
    event NoncesCancelled(address indexed swapper, uint256 indexed word, uint256 mask);
    /// @notice A cross-chain order was opened; `originData` is what the solver passes to DestinationSettler.fill:
    ///         `abi.encode(intent, originSettler, awardedSolver, exclusiveUntil)`.
    event Opened(
        bytes32 indexed orderId,
        bytes32 indexed auctionId,
        address indexed solver,
        uint256 destinationChainId,
        uint256 buyAmount,
        uint256 fillDeadline,
        bytes originData
    );
    event Repaid(bytes32 indexed orderId, address indexed solver, address sellToken, uint256 amount);
    event Refunded(bytes32 indexed orderId, address indexed swapper, address sellToken, uint256 amount);

    error WrongSourceChain(uint256 sourceChainId);
    error CrossChainIntent(uint256 destinationChainId);
    error SameChainIntent();
    error IntentExpired(uint256 deadline);
    error AwardExpired(uint256 settleBy);
    error NotAwardedSolver(address caller, address solver);
    error AwardIntentMismatch(bytes32 awardIntentHash, bytes32 intentHash);
    error AwardBelowMinimum(uint256 buyAmount, uint256 minBuyAmount);
    error InvalidAuctioneerSignature();
    error InvalidSwapperSignature();
    error NonceUsed(address swapper, uint256 nonce);
    error ForbiddenRecipient(address recipient);
    error FillWindowTooLong(uint256 deadline, uint256 latest);
    error UnknownDestination(uint256 destinationChainId);
    error ProofWindowTooLong(uint256 proofWindow);
    error UnknownOrder(bytes32 orderId);
    error OrderClosed(bytes32 orderId, OrderStatus status);
    error FillProofOrderMismatch(bytes32 proofOrderId, bytes32 orderId);
    error UnknownDestinationSettler(uint256 chainId, address settler);
    error FillerNotAwardedSolver(address filler, address solver);
    error FillAmountTooLow(uint256 amount, uint256 required);
    error FillTooLate(uint256 filledAt, uint256 fillDeadline);
    error InvalidAttesterSignature();
    error RefundTooEarly(uint256 refundableAt);

    /// @param timelockDelay_ delay of `setAttester` and `setDestinationSettler`; 0 only on local chains.
    constructor(
        address initialOwner,
        address initialAuctioneer,
        address initialAttester,
        uint256 proofWindow_,
        uint256 timelockDelay_
    ) Owned(initialOwner) Timelocked(timelockDelay_) {
        if (proofWindow_ > MAX_PROOF_WINDOW) revert ProofWindowTooLong(proofWindow_);
        executorCodeHash = keccak256(type(InteractionExecutor).creationCode);
        proofWindow = proofWindow_;
        auctioneer = initialAuctioneer;
        attester = initialAttester;
        emit AuctioneerRotated(address(0), initialAuctioneer);
        emit AttesterRotated(address(0), initialAttester);
    }

    // ---------------------------------------------------------------- administration

    /// @notice Immediate, so a leaked auctioneer key can be replaced at once; an award never pays a swapper
    ///         less than the minimum it signed, so the auctioneer cannot take anybody's funds.
    function setAuctioneer(address newAuctioneer) external onlyOwner {
        emit AuctioneerRotated(auctioneer, newAuctioneer);
        auctioneer = newAuctioneer;
    }

    /// @notice Announces `setAttester(newAttester)`; it can be carried out `timelockDelay` seconds later.
    function scheduleAttester(address newAttester) external onlyOwner returns (bytes32) {
        return _schedule(abi.encodeCall(this.setAttester, (newAttester)));
    }

    /// @notice The attester decides which escrows are repaid, so a change waits out the timelock.
    function setAttester(address newAttester) external onlyOwner {
        _consume(abi.encodeCall(this.setAttester, (newAttester)));
        emit AttesterRotated(attester, newAttester);
        attester = newAttester;
    }

    /// @notice Announces `setDestinationSettler(chainId, settler)`.
    function scheduleDestinationSettler(uint256 chainId, address settler) external onlyOwner returns (bytes32) {
        return _schedule(abi.encodeCall(this.setDestinationSettler, (chainId, settler)));
    }

    /// @notice Fill proofs must name this settler, so a change waits out the timelock.
    function setDestinationSettler(uint256 chainId, address settler) external onlyOwner {
        _consume(abi.encodeCall(this.setDestinationSettler, (chainId, settler)));
        destinationSettlers[chainId] = settler;
        emit DestinationSettlerSet(chainId, settler);
    }

    /// @notice Drops a scheduled operation before it is carried out.
    function cancelScheduled(bytes32 operation) external onlyOwner {
        _cancel(operation);
    }

    // ---------------------------------------------------------------- executors

    /// @notice The address of `solver`'s executor (deployed or not yet).
    function executorOf(address solver) public view returns (address) {
        bytes32 salt = bytes32(uint256(uint160(solver)));
        bytes32 hash = keccak256(abi.encodePacked(bytes1(0xff), address(this), salt, executorCodeHash));
        return address(uint160(uint256(hash)));
    }

    /// @notice Deploys `solver`'s executor (`settle` does it on the solver's first settlement); anyone may call.
    function deployExecutor(address solver) public returns (InteractionExecutor executor) {
        executor = InteractionExecutor(payable(executorOf(solver)));
        if (address(executor).code.length != 0) return executor;
        new InteractionExecutor{salt: bytes32(uint256(uint160(solver)))}();
        isExecutor[address(executor)] = true;
        emit ExecutorDeployed(solver, address(executor));
    }

    // ---------------------------------------------------------------- hashing views

    /// @notice The intent hash of libs/protocol: the EIP-712 digest the swapper signs, under this chain's domain.
    function hashIntent(Intent calldata intent) public view returns (bytes32) {
        return IntentHashing.digest(domainSeparator(), IntentHashing.hashIntentStruct(intent));
    }

    /// @notice The EIP-712 digest the auctioneer signs for `award`.
    function hashAward(Award calldata award) public view returns (bytes32) {
        return IntentHashing.digest(domainSeparator(), IntentHashing.hashAwardStruct(award));
    }

    /// @notice The EIP-712 digest the attester signs for `proof`.
    function hashFillProof(FillProof calldata proof) public view returns (bytes32) {
        return IntentHashing.digest(domainSeparator(), IntentHashing.hashFillProofStruct(proof));
    }

    // ---------------------------------------------------------------- nonces

    function isNonceUsed(address swapper, uint256 nonce) external view returns (bool) {
        return nonceBitmap[swapper][nonce >> 8] & (1 << (nonce & 255)) != 0;
    }

    /// @notice Cancels one of the caller's nonces: an intent signed with it can no longer settle or open.
    function cancelNonce(uint256 nonce) external {
        nonceBitmap[msg.sender][nonce >> 8] |= 1 << (nonce & 255);
        emit NonceCancelled(msg.sender, nonce);
    }

    /// @notice Cancels every nonce of word `word` whose bit is set in `mask` (up to 256 at once).
    function cancelNonces(uint256 word, uint256 mask) external {
        nonceBitmap[msg.sender][word] |= mask;
        emit NoncesCancelled(msg.sender, word, mask);
    }

    // ---------------------------------------------------------------- single-chain settlement

    /// @notice Settles a same-chain intent. Only the awarded solver may call. The swapper's `sellAmount` of
    ///         `sellToken` is pulled into the solver's executor and the solver's interactions run there (with
    ///         msg.value). Then this settlement pays exactly `award.buyAmount` of `buyToken` to the recipient: from
    ///         the executor if it holds that much, else from the solver (`transferFrom`, allowance to this
    ///         contract). Only that payment counts as delivery; everything left in the executor goes to the solver.
    function settle(
        Intent calldata intent,
        bytes calldata signature,
        Award calldata award,
        bytes calldata auctioneerSignature,
        Interaction[] calldata interactions
    ) external payable nonReentrant returns (bytes32 intentHash) {
        if (intent.destinationChainId != block.chainid) revert CrossChainIntent(intent.destinationChainId);
        intentHash = _authorize(intent, signature, award, auctioneerSignature);

        _deliver(intent, award.buyAmount, interactions);
        emit Settled(intentHash, award.auctionId, msg.sender, intent.recipient, intent.buyToken, award.buyAmount);
    }

    /// @dev Sell tokens into the solver's executor, its interactions, then the award's payment and the sweep.
    function _deliver(Intent calldata intent, uint256 amount, Interaction[] calldata interactions) private {
        address recipient = intent.recipient;
        if (recipient == address(this) || isExecutor[recipient]) revert ForbiddenRecipient(recipient);
        InteractionExecutor executor = deployExecutor(msg.sender);
        if (recipient == address(executor)) revert ForbiddenRecipient(recipient);

        intent.sellToken.safeTransferFrom(intent.swapper, address(executor), intent.sellAmount);
        Payout memory payout = Payout({
            buyToken: intent.buyToken,
            recipient: recipient,
            amount: amount,
            sellToken: intent.sellToken,
            solver: msg.sender
        });
        bool paid = executor.execute{value: msg.value}(interactions, payout);
        if (!paid) _payFromSolver(payout.buyToken, recipient, amount);
    }

    /// @dev The solver settles with its own funds: exactly `amount`, which must arrive in full.
    function _payFromSolver(address buyToken, address recipient, uint256 amount) private {
        uint256 before = IERC20(buyToken).balanceOf(recipient);
        buyToken.safeTransferFrom(msg.sender, recipient, amount);
        uint256 afterBalance = IERC20(buyToken).balanceOf(recipient);
        uint256 delivered = afterBalance > before ? afterBalance - before : 0;
        if (delivered < amount) revert InsufficientDelivery(delivered, amount);
    }

    // ---------------------------------------------------------------- cross-chain: origin settler

    /// @notice Opens a cross-chain intent on its source chain: the swapper's sell tokens go into escrow here until
    ///         the awarded solver proves a fill on the destination chain (`repay`) or the order times out (`refund`).
    ///         Only the awarded solver may open, before `award.settleBy`; it must fill before `intent.deadline`.
    function open(
        Intent calldata intent,
        bytes calldata signature,
        Award calldata award,
        bytes calldata auctioneerSignature
    ) external nonReentrant returns (bytes32 orderId) {
        if (intent.destinationChainId == block.chainid) revert SameChainIntent();
        if (destinationSettlers[intent.destinationChainId] == address(0)) {
            revert UnknownDestination(intent.destinationChainId);
        }
        uint256 latest = block.timestamp + MAX_FILL_WINDOW;
        if (intent.deadline > latest) revert FillWindowTooLong(intent.deadline, latest);
        orderId = _authorize(intent, signature, award, auctioneerSignature);
        uint256 escrowed = _escrow(intent.sellToken, intent.swapper, intent.sellAmount);
        _recordOrder(orderId, intent, award, escrowed);
    }

    /// @dev Pulls `amount` into this contract and returns what actually arrived, so a fee-on-transfer token can
    ///      never be paid out of other orders' escrow.
    function _escrow(address sellToken, address swapper, uint256 amount) private returns (uint256) {
        uint256 before = IERC20(sellToken).balanceOf(address(this));
        sellToken.safeTransferFrom(swapper, address(this), amount);
        uint256 afterBalance = IERC20(sellToken).balanceOf(address(this));
        return afterBalance > before ? afterBalance - before : 0;
    }

    function _recordOrder(bytes32 orderId, Intent calldata intent, Award calldata award, uint256 escrowed) private {
        orders[orderId] = Order({
            status: OrderStatus.Open,
            swapper: intent.swapper,
            solver: award.solver,
            sellToken: intent.sellToken,
            escrowed: escrowed,
            destinationChainId: intent.destinationChainId,
            buyAmount: award.buyAmount,
            fillDeadline: intent.deadline
        });
        emit Opened(
            orderId,
            award.auctionId,
            award.solver,
            intent.destinationChainId,
            award.buyAmount,
            intent.deadline,
            abi.encode(intent, address(this), award.solver, _exclusiveUntil(intent.deadline))
        );
    }

    /// @dev Until when only the awarded solver may fill: EXCLUSIVITY_WINDOW from now, at most the fill deadline.
    function _exclusiveUntil(uint256 deadline) private view returns (uint256) {
        uint256 until = block.timestamp + EXCLUSIVITY_WINDOW;
        return until < deadline ? until : deadline;
    }

    /// @notice Releases an open order's escrow to its solver, given the attester's signature on a fill proof that
    ///         names this order, the canonical destination settler, the awarded solver as filler, at least the
    ///         awarded amount, and a fill time within the fill deadline. Anyone may submit it.
    function repay(bytes32 orderId, FillProof calldata proof, bytes calldata attesterSignature)
        external
        nonReentrant
    {
        Order storage order = orders[orderId];
        OrderStatus status = order.status;
        if (status == OrderStatus.None) revert UnknownOrder(orderId);
        if (status != OrderStatus.Open) revert OrderClosed(orderId, status);
        if (proof.orderId != orderId) revert FillProofOrderMismatch(proof.orderId, orderId);
        uint256 destinationChainId = order.destinationChainId;
        address canonical = destinationSettlers[destinationChainId];
        if (
            proof.destinationChainId != destinationChainId || canonical == address(0)
                || proof.destinationSettler != canonical
        ) revert UnknownDestinationSettler(proof.destinationChainId, proof.destinationSettler);
        address solver = order.solver;
        if (proof.filler != solver) revert FillerNotAwardedSolver(proof.filler, solver);
        if (proof.amount < order.buyAmount) revert FillAmountTooLow(proof.amount, order.buyAmount);
        if (proof.filledAt > order.fillDeadline) revert FillTooLate(proof.filledAt, order.fillDeadline);
        if (SignatureChecker.recover(hashFillProof(proof), attesterSignature) != attester || attester == address(0)) {
            revert InvalidAttesterSignature();
        }

        order.status = OrderStatus.Repaid;
        uint256 amount = order.escrowed;
        address sellToken = order.sellToken;
        sellToken.safeTransfer(solver, amount);
        emit Repaid(orderId, solver, sellToken, amount);
    }

    /// @notice Returns an open order's escrow to its swapper once `fillDeadline + proofWindow` has passed without
    ///         a repayment. Anyone may call.
    function refund(bytes32 orderId) external nonReentrant {
        Order storage order = orders[orderId];
        OrderStatus status = order.status;
        if (status == OrderStatus.None) revert UnknownOrder(orderId);
        if (status != OrderStatus.Open) revert OrderClosed(orderId, status);
        uint256 refundableAt = order.fillDeadline + proofWindow;
        if (block.timestamp <= refundableAt) revert RefundTooEarly(refundableAt);

        order.status = OrderStatus.Refunded;
        uint256 amount = order.escrowed;
        address sellToken = order.sellToken;
        address swapper = order.swapper;
        sellToken.safeTransfer(swapper, amount);
        emit Refunded(orderId, swapper, sellToken, amount);
    }

    // ---------------------------------------------------------------- shared checks

    /// @dev Every check common to `settle` and `open`; consumes the nonce. Returns the intent hash.
    function _authorize(
        Intent calldata intent,
        bytes calldata signature,
        Award calldata award,
        bytes calldata auctioneerSignature
    ) private returns (bytes32 intentHash) {
        if (intent.sourceChainId != block.chainid) revert WrongSourceChain(intent.sourceChainId);
        if (block.timestamp > intent.deadline) revert IntentExpired(intent.deadline);
        if (block.timestamp > award.settleBy) revert AwardExpired(award.settleBy);
        if (msg.sender != award.solver) revert NotAwardedSolver(msg.sender, award.solver);

        intentHash = hashIntent(intent);
        if (award.intentHash != intentHash) revert AwardIntentMismatch(award.intentHash, intentHash);
        if (award.buyAmount < intent.minBuyAmount) revert AwardBelowMinimum(award.buyAmount, intent.minBuyAmount);

        address auctioneer_ = auctioneer;
        if (auctioneer_ == address(0) || SignatureChecker.recover(hashAward(award), auctioneerSignature) != auctioneer_)
        {
            revert InvalidAuctioneerSignature();
        }
        if (!SignatureChecker.isValidSignatureNow(intent.swapper, intentHash, signature)) {
            revert InvalidSwapperSignature();
        }

        uint256 nonce = intent.nonce;
        mapping(uint256 => uint256) storage bitmap = nonceBitmap[intent.swapper];
        uint256 bit = 1 << (nonce & 255);
        uint256 word = bitmap[nonce >> 8];
        if (word & bit != 0) revert NonceUsed(intent.swapper, nonce);
        bitmap[nonce >> 8] = word | bit;
    }
}
