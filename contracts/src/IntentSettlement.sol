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

/// @notice Refusals of the interaction executor; IntentSettlement inherits them so its ABI decodes them too.
interface IInteractionErrors {
    /// @dev Only the settlement that deployed the executor may make it call anything.
    error OnlySettlement(address caller);
    /// @dev Interactions may not call the settlement or the executor itself.
    error ForbiddenInteractionTarget(uint256 index, address target);
    /// @dev Interaction `index` reverted with `reason`.
    error InteractionFailed(uint256 index, bytes reason);
}

/// @title InteractionExecutor
/// @notice The sandbox in which solver interactions run. It holds no allowance from anybody: swappers approve
///         the settlement, never this contract, so no interaction can move a swapper's other approvals, and it
///         cannot reach the escrow that the settlement holds for cross-chain orders. It is a scratch space: the
///         settlement sends it the sell tokens of one settlement, the solver's interactions spend them, and
///         whatever tokens or ether are left in it when a settlement ends may be taken by the next solver.
contract InteractionExecutor is IInteractionErrors {
    address public immutable settlement;

    constructor() {
        settlement = msg.sender;
    }

    function execute(Interaction[] calldata interactions) external payable {
        if (msg.sender != settlement) revert OnlySettlement(msg.sender);
        uint256 n = interactions.length;
        for (uint256 i; i < n; ++i) {
            Interaction calldata it = interactions[i];
            address target = it.target;
            if (target == settlement || target == address(this)) revert ForbiddenInteractionTarget(i, target);
            (bool ok, bytes memory ret) = target.call{value: it.value}(it.callData);
            if (!ok) revert InteractionFailed(i, ret);
        }
    }

    receive() external payable {}
}

/// @title IntentSettlement
/// @notice Settles IntentMesh intents on their source chain.
///         Single chain (`settle`): the awarded solver pulls the swapper's sell tokens into the sandboxed
///         executor, runs its interactions there, and the call succeeds only if the recipient's buy-token balance
///         rose by at least the awarded amount.
///         Cross chain (origin settler, ERC-7683 in spirit): `open` escrows the sell tokens here, the solver fills
///         on the destination chain's DestinationSettler, and `repay` releases the escrow to the solver against a
///         fill proof signed by the attester; `refund` returns it to the swapper if no proof came in time.
contract IntentSettlement is EIP712, Owned, ReentrancyGuard, IInteractionErrors {
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

    /// @notice The executor in which solver interactions run (deployed by, and bound to, this contract).
    InteractionExecutor public immutable executor;
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

    event Settled(bytes32 indexed intentHash, bytes32 indexed auctionId, address indexed solver, uint256 buyAmount);
    event AuctioneerRotated(address indexed previousAuctioneer, address indexed newAuctioneer);
    event AttesterRotated(address indexed previousAttester, address indexed newAttester);
    event DestinationSettlerSet(uint256 indexed chainId, address indexed settler);
    event NonceCancelled(address indexed swapper, uint256 nonce);
    event NoncesCancelled(address indexed swapper, uint256 indexed word, uint256 mask);
    /// @notice A cross-chain order was opened; `originData` is what the solver passes to DestinationSettler.fill.
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
    error InsufficientDelivery(uint256 delivered, uint256 required);
    error UnknownOrder(bytes32 orderId);
    error OrderClosed(bytes32 orderId, OrderStatus status);
    error FillProofOrderMismatch(bytes32 proofOrderId, bytes32 orderId);
    error UnknownDestinationSettler(uint256 chainId, address settler);
    error FillerNotAwardedSolver(address filler, address solver);
    error FillAmountTooLow(uint256 amount, uint256 required);
    error FillTooLate(uint256 filledAt, uint256 fillDeadline);
    error InvalidAttesterSignature();
    error RefundTooEarly(uint256 refundableAt);

    constructor(address initialOwner, address initialAuctioneer, address initialAttester, uint256 proofWindow_)
        Owned(initialOwner)
    {
        executor = new InteractionExecutor();
        proofWindow = proofWindow_;
        auctioneer = initialAuctioneer;
        attester = initialAttester;
        emit AuctioneerRotated(address(0), initialAuctioneer);
        emit AttesterRotated(address(0), initialAttester);
    }

    // ---------------------------------------------------------------- administration

    function setAuctioneer(address newAuctioneer) external onlyOwner {
        emit AuctioneerRotated(auctioneer, newAuctioneer);
        auctioneer = newAuctioneer;
    }

    function setAttester(address newAttester) external onlyOwner {
        emit AttesterRotated(attester, newAttester);
        attester = newAttester;
    }

    function setDestinationSettler(uint256 chainId, address settler) external onlyOwner {
        destinationSettlers[chainId] = settler;
        emit DestinationSettlerSet(chainId, settler);
    }

    // ---------------------------------------------------------------- hashing views

    /// @notice The intent hash of libs/protocol: the EIP-712 digest the swapper signs, under this chain's domain.
    function hashIntent(Intent calldata intent) public view returns (bytes32) {
        return _typedDataDigest(IntentHashing.hashIntentStruct(intent));
    }

    /// @notice The EIP-712 digest the auctioneer signs for `award`.
    function hashAward(Award calldata award) public view returns (bytes32) {
        return _typedDataDigest(IntentHashing.hashAwardStruct(award));
    }

    /// @notice The EIP-712 digest the attester signs for `proof`.
    function hashFillProof(FillProof calldata proof) public view returns (bytes32) {
        return _typedDataDigest(IntentHashing.hashFillProofStruct(proof));
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
    ///         `sellToken` is pulled into the executor, the solver's interactions run there (with msg.value), and
    ///         the recipient's `buyToken` balance must have risen by at least `award.buyAmount`.
    function settle(
        Intent calldata intent,
        bytes calldata signature,
        Award calldata award,
        bytes calldata auctioneerSignature,
        Interaction[] calldata interactions
    ) external payable nonReentrant returns (bytes32 intentHash) {
        if (intent.destinationChainId != block.chainid) revert CrossChainIntent(intent.destinationChainId);
        intentHash = _authorize(intent, signature, award, auctioneerSignature);

        address buyToken = intent.buyToken;
        address recipient = intent.recipient;
        uint256 before = IERC20(buyToken).balanceOf(recipient);

        intent.sellToken.safeTransferFrom(intent.swapper, address(executor), intent.sellAmount);
        if (interactions.length != 0 || msg.value != 0) executor.execute{value: msg.value}(interactions);

        uint256 afterBalance = IERC20(buyToken).balanceOf(recipient);
        uint256 delivered = afterBalance > before ? afterBalance - before : 0;
        if (delivered < award.buyAmount) revert InsufficientDelivery(delivered, award.buyAmount);

        emit Settled(intentHash, award.auctionId, msg.sender, award.buyAmount);
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
            abi.encode(intent, address(this))
        );
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
