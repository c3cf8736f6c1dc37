package io.nacastream.service.commit;

/**
 * A transaction could not be committed and was aborted: nothing of its interval is visible to read_committed
 * consumers. {@link #fatal()} says whether the instance may restart from its last commit (false) or must stop because
 * another instance took its identity (true).
 */
public final class TransactionFailedException extends RuntimeException {

    private final boolean fatal;

    TransactionFailedException(String message, Throwable cause, boolean fatal) {
        super(message, cause);
        this.fatal = fatal;
    }

    /** True if this instance was fenced by another with its transactional id and must stop. */
    public boolean fatal() {
        return fatal;
    }
}
