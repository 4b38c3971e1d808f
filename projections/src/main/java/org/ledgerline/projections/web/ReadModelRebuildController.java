package org.ledgerline.projections.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.ledgerline.http.Access;
import org.ledgerline.http.Caller;
import org.ledgerline.http.ForbiddenException;
import org.ledgerline.kernel.AdminAudit;
import org.ledgerline.kernel.NotFoundException;
import org.ledgerline.projections.rebuild.BlueGreenRebuilds;
import org.ledgerline.projections.rebuild.RebuildStatus;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Blue/green rebuilds of the read models for operators (and the {@code ledgerline} CLI), next to the models they
 * rebuild. An unknown model is a {@link NotFoundException}, a rebuild already running an
 * {@code IllegalTransitionException}: the platform answers them as 404 and 409 problems.
 */
@RestController
@RequestMapping("/api/v1/admin/read-models")
@Tag(name = "Admin")
@Access(Access.Rule.ADMIN)
class ReadModelRebuildController {

    private final BlueGreenRebuilds rebuilds;
    private final AdminAudit audit;

    ReadModelRebuildController(BlueGreenRebuilds rebuilds, AdminAudit audit) {
        this.rebuilds = rebuilds;
        this.audit = audit;
    }

    @PostMapping("/{model}/rebuild")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(
            summary = "Rebuild a read model blue/green",
            description = "The live model keeps serving until the "
                    + "rebuilt one has caught up and is swapped in. Follow with GET.")
    RebuildStatus rebuild(Caller caller, @PathVariable String model) {
        requireAdmin(caller);
        RebuildStatus status = rebuilds.start(model);
        // The token's subject, as every other admin action is audited.
        audit.record(caller.userId().toString(), "read-model.rebuild", model, null);
        return status;
    }

    @GetMapping("/{model}/rebuild")
    @Operation(summary = "The last rebuild of a read model")
    RebuildStatus rebuildStatus(Caller caller, @PathVariable String model) {
        requireAdmin(caller);
        return rebuilds.status(model).orElseThrow(() -> new NotFoundException("No rebuild of " + model + " yet"));
    }

    private static void requireAdmin(Caller caller) {
        // The platform's URL rules refuse non-admins first; this keeps the rule with the endpoint.
        if (!caller.isAdmin()) {
            throw new ForbiddenException("Only an admin may rebuild read models");
        }
    }
}
