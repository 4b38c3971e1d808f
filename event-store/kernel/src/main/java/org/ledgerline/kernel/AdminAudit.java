package org.ledgerline.kernel;

/**
 * The audit log of administrative actions: who did what to which thing, and when (the time is the recorder's).
 * Any module may record through this interface; the platform serves the log at {@code GET /api/v1/admin/audit}.
 * Write inside the action's transaction where there is one, so an action that rolls back leaves no row.
 */
public interface AdminAudit {

    /**
     * Records one action.
     *
     * @param actor  who: the caller's user id (the JWT subject), or {@code system}
     * @param action what, as a dotted verb: {@code user.role.grant}, {@code processor.replay}, {@code saga.retry}
     * @param target the thing acted on: a user id, a processor or read-model name, a saga id
     * @param detail a short free text (e.g. the role granted); never a secret or personal data; may be null
     */
    void record(String actor, String action, String target, String detail);
}
