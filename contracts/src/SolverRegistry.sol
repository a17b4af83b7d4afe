// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IERC20} from "./lib/IERC20.sol";
import {EIP712} from "./lib/EIP712.sol";
import {IntentHashing} from "./lib/IntentHashing.sol";
import {ReentrancyGuard} from "./lib/ReentrancyGuard.sol";
import {SafeTransfer} from "./lib/SafeTransfer.sol";
import {SignatureChecker} from "./lib/SignatureChecker.sol";
import {Timelocked} from "./lib/Timelocked.sol";

/// @title SolverRegistry
/// @notice Operators post a bond (one asset per registry: an ERC-20, or native ether when `bondToken` is zero),
///         vouch for the solver keys they run, and may withdraw the bond only `unbondDelay` seconds after asking.
///         Governance can slash a bond (active or still unbonding) citing an evidence hash. The auctioneer reads
///         `operatorOf(solver)` and `bondOf(operator)` to weigh bids. Slashing waits out `timelockDelay`
///         (shorter than `unbondDelay`, so a scheduled slash cannot be dodged by unbonding).
contract SolverRegistry is EIP712, Timelocked, ReentrancyGuard {
    using SafeTransfer for address;

    bytes32 public constant SOLVER_CONSENT_TYPEHASH =
        keccak256("SolverConsent(address solver,address operator,uint256 nonce,uint256 deadline)");
    /// @notice Latest consent deadline `vouch` accepts, from now: a consent cannot stay usable for long.
    uint256 public constant MAX_CONSENT_LIFETIME = 1 days;

    struct Unbonding {
        uint256 amount;
        uint256 unlockAt;
    }

    /// @notice The bonded asset; address(0) means native ether.
    address public immutable bondToken;
    /// @notice Seconds between `requestUnbond` and the earliest `withdraw`: the window governance has to slash.
    uint256 public immutable unbondDelay;

    address public governance;
    address public pendingGovernance;

    mapping(address operator => uint256) private _bonds;
    mapping(address operator => Unbonding) private _unbonding;
    mapping(address solver => address operator) private _operatorOf;
    /// @notice Per-solver consent nonce, bumped by every vouch and revoke: a consent is good for one vouch only.
    mapping(address solver => uint256) public consentNonce;

    event Bonded(address indexed operator, uint256 amount, uint256 totalBond);
    event UnbondRequested(address indexed operator, uint256 amount, uint256 unlockAt);
    event Withdrawn(address indexed operator, uint256 amount);
    event SolverVouched(address indexed operator, address indexed solver);
    event SolverRevoked(address indexed operator, address indexed solver);
    event Slashed(address indexed operator, uint256 amount, bytes32 indexed evidenceHash, address recipient);
    event GovernanceTransferStarted(address indexed previousGovernance, address indexed newGovernance);
    event GovernanceTransferred(address indexed previousGovernance, address indexed newGovernance);

    error ZeroAmount();
    error WrongNativeAmount(uint256 sent, uint256 amount);
    error NativeNotAccepted();
    error InsufficientBond(uint256 bond, uint256 amount);
    error NothingToWithdraw();
    error UnbondNotReady(uint256 unlockAt);
    error SolverAlreadyVouched(address solver, address operator);
    error NotSolverOperator(address caller, address solver);
    error InvalidSolverConsent();
    error ConsentExpired(uint256 deadline);
    error NotGovernance(address caller);
    error NotPendingGovernance(address caller);
    error NothingToSlash(address operator);
    error ZeroAddress();
    error ConsentDeadlineTooFar(uint256 deadline, uint256 latest);
    error DelayNotBelowUnbond(uint256 slashDelay, uint256 unbondDelay);

    modifier onlyGovernance() {
        if (msg.sender != governance) revert NotGovernance(msg.sender);
        _;
    }

    /// @param slashDelay seconds between `scheduleSlash` and `slash`; below `unbondDelay_`; 0 only on local chains.
    constructor(address bondToken_, uint256 unbondDelay_, address governance_, uint256 slashDelay)
        Timelocked(slashDelay)
    {
        if (governance_ == address(0)) revert ZeroAddress();
        if (slashDelay != 0 && slashDelay >= unbondDelay_) revert DelayNotBelowUnbond(slashDelay, unbondDelay_);
        bondToken = bondToken_;
        unbondDelay = unbondDelay_;
        governance = governance_;
        emit GovernanceTransferred(address(0), governance_);
    }

    // ---------------------------------------------------------------- views for the auctioneer

    /// @notice Active bond of `operator` (excludes amounts already unbonding).
    function bondOf(address operator) external view returns (uint256) {
        return _bonds[operator];
    }

    /// @notice Operator vouching for `solver`, or address(0).
    function operatorOf(address solver) external view returns (address) {
        return _operatorOf[solver];
    }

    function unbondingOf(address operator) external view returns (uint256 amount, uint256 unlockAt) {
        Unbonding storage u = _unbonding[operator];
        return (u.amount, u.unlockAt);
    }

    /// @notice The EIP-712 digest a solver key signs to consent to being vouched for by `operator`.
    function hashSolverConsent(address solver, address operator, uint256 nonce, uint256 deadline)
        public
        view
        returns (bytes32)
    {
        return IntentHashing.digest(
            domainSeparator(), keccak256(abi.encode(SOLVER_CONSENT_TYPEHASH, solver, operator, nonce, deadline))
        );
    }

    // ---------------------------------------------------------------- bonding

    /// @notice Adds `amount` to the caller's bond. Native registries take exactly `amount` as msg.value;
    ///         ERC-20 registries pull it with transferFrom and credit what actually arrived.
    function bond(uint256 amount) external payable nonReentrant {
        if (amount == 0) revert ZeroAmount();
        uint256 credited;
        if (bondToken == address(0)) {
            if (msg.value != amount) revert WrongNativeAmount(msg.value, amount);
            credited = amount;
        } else {
            if (msg.value != 0) revert NativeNotAccepted();
            uint256 before = IERC20(bondToken).balanceOf(address(this));
            bondToken.safeTransferFrom(msg.sender, address(this), amount);
            credited = IERC20(bondToken).balanceOf(address(this)) - before;
        }
        uint256 total = _bonds[msg.sender] + credited;
        _bonds[msg.sender] = total;
        emit Bonded(msg.sender, credited, total);
    }

    /// @notice Moves `amount` of the caller's bond to unbonding; it can be withdrawn after `unbondDelay`.
    ///         Asking again adds to the pending amount and restarts the delay. Unbonding funds stay slashable.
    function requestUnbond(uint256 amount) external {
        if (amount == 0) revert ZeroAmount();
        uint256 current = _bonds[msg.sender];
        if (amount > current) revert InsufficientBond(current, amount);
        _bonds[msg.sender] = current - amount;
        Unbonding storage u = _unbonding[msg.sender];
        u.amount += amount;
        u.unlockAt = block.timestamp + unbondDelay;
        emit UnbondRequested(msg.sender, u.amount, u.unlockAt);
    }

    /// @notice Pays out the caller's unbonded amount once its delay has passed.
    function withdraw() external nonReentrant {
        Unbonding storage u = _unbonding[msg.sender];
        uint256 amount = u.amount;
        if (amount == 0) revert NothingToWithdraw();
        if (block.timestamp < u.unlockAt) revert UnbondNotReady(u.unlockAt);
        delete _unbonding[msg.sender];
        _pay(msg.sender, amount);
        emit Withdrawn(msg.sender, amount);
    }

    // ---------------------------------------------------------------- solver keys

    /// @notice The caller (an operator) vouches for `solver`, which consents by signing
    ///         `SolverConsent(solver, operator, consentNonce(solver), deadline)` under this registry's EIP-712
    ///         domain (EOA or EIP-1271). The consent stops anyone from squatting a solver key it does not run; the
    ///         nonce (bumped by every vouch and revoke) stops a revoked operator from replaying it.
    function vouch(address solver, uint256 deadline, bytes calldata solverSignature) external {
        if (block.timestamp > deadline) revert ConsentExpired(deadline);
        uint256 latest = block.timestamp + MAX_CONSENT_LIFETIME;
        if (deadline > latest) revert ConsentDeadlineTooFar(deadline, latest);
        address current = _operatorOf[solver];
        if (current != address(0)) revert SolverAlreadyVouched(solver, current);
        uint256 nonce = consentNonce[solver];
        bytes32 digest = hashSolverConsent(solver, msg.sender, nonce, deadline);
        if (!SignatureChecker.isValidSignatureNow(solver, digest, solverSignature)) revert InvalidSolverConsent();
        consentNonce[solver] = nonce + 1;
        _operatorOf[solver] = msg.sender;
        emit SolverVouched(msg.sender, solver);
    }

    /// @notice Ends a vouch; callable by the vouching operator or by the solver key itself.
    function revoke(address solver) external {
        address operator = _operatorOf[solver];
        if (operator == address(0) || (msg.sender != operator && msg.sender != solver)) {
            revert NotSolverOperator(msg.sender, solver);
        }
        delete _operatorOf[solver];
        ++consentNonce[solver];
        emit SolverRevoked(operator, solver);
    }

    // ---------------------------------------------------------------- governance

    /// @notice Announces `slash(operator, amount, evidenceHash, recipient)`; it can be carried out
    ///         `timelockDelay` seconds later, which gives the operator time to answer the evidence.
    function scheduleSlash(address operator, uint256 amount, bytes32 evidenceHash, address recipient)
        external
        onlyGovernance
        returns (bytes32)
    {
        return _schedule(abi.encodeCall(this.slash, (operator, amount, evidenceHash, recipient)));
    }

    /// @notice Drops a scheduled slash.
    function cancelScheduled(bytes32 operation) external onlyGovernance {
        _cancel(operation);
    }

    /// @notice Slashes up to `amount` from `operator` (active bond first, then unbonding) and sends it to
    ///         `recipient`, once scheduled and due. `evidenceHash` commits to the off-chain evidence (e.g. the
    ///         auction record's hash). Slashes what there is if the bond is smaller; the event has the actual amount.
    function slash(address operator, uint256 amount, bytes32 evidenceHash, address recipient)
        external
        onlyGovernance
        nonReentrant
    {
        _consume(abi.encodeCall(this.slash, (operator, amount, evidenceHash, recipient)));
        if (recipient == address(0)) revert ZeroAddress();
        if (amount == 0) revert ZeroAmount();
        uint256 active = _bonds[operator];
        uint256 fromActive = amount < active ? amount : active;
        _bonds[operator] = active - fromActive;
        uint256 rest = amount - fromActive;
        uint256 fromUnbonding;
        if (rest != 0) {
            Unbonding storage u = _unbonding[operator];
            fromUnbonding = rest < u.amount ? rest : u.amount;
            u.amount -= fromUnbonding;
        }
        uint256 slashed = fromActive + fromUnbonding;
        if (slashed == 0) revert NothingToSlash(operator);
        _pay(recipient, slashed);
        emit Slashed(operator, slashed, evidenceHash, recipient);
    }

    function transferGovernance(address newGovernance) external onlyGovernance {
        pendingGovernance = newGovernance;
        emit GovernanceTransferStarted(governance, newGovernance);
    }

    function acceptGovernance() external {
        if (msg.sender != pendingGovernance) revert NotPendingGovernance(msg.sender);
        emit GovernanceTransferred(governance, msg.sender);
        governance = msg.sender;
        pendingGovernance = address(0);
    }

    function _pay(address to, uint256 amount) private {
        if (bondToken == address(0)) to.safeTransferNative(amount);
        else bondToken.safeTransfer(to, amount);
    }
}
