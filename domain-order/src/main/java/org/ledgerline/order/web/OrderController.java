package org.ledgerline.order.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.ledgerline.eventstore.LatestEvents;
import org.ledgerline.http.Access;
import org.ledgerline.http.Caller;
import org.ledgerline.http.CommandResponses;
import org.ledgerline.http.ForbiddenException;
import org.ledgerline.http.IfMatch;
import org.ledgerline.kernel.NotFoundException;
import org.ledgerline.order.api.CancelOrder;
import org.ledgerline.order.api.DeliverOrder;
import org.ledgerline.order.api.OrderId;
import org.ledgerline.order.api.OrderPlaced;
import org.ledgerline.order.api.PlaceOrder;
import org.ledgerline.order.api.RequestedLine;
import org.ledgerline.order.api.ShipOrder;
import org.ledgerline.order.api.ShippingAddress;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Order commands. A customer places and cancels their own orders (another customer's order is 404, never 403, so
 * its existence does not leak); shipping and delivery are for admins.
 */
@RestController
@RequestMapping("/api/v1/orders")
@Tag(name = "Orders")
class OrderController {

    private final CommandGateway commands;
    private final CommandResponses responses;
    private final LatestEvents events;

    OrderController(CommandGateway commands, CommandResponses responses, LatestEvents events) {
        this.commands = commands;
        this.responses = responses;
        this.events = events;
    }

    record LineBody(
            @NotNull(message = "is required") UUID productId,

            @Min(value = 1, message = "must be at least 1") @Max(value = 1000, message = "must be at most 1000") int quantity) {}

    record AddressBody(
            @NotBlank(message = "is required") @Size(max = 200, message = "is at most 200 characters") String line1,

            @Size(max = 200, message = "is at most 200 characters") String line2,

            @NotBlank(message = "is required") @Size(max = 100, message = "is at most 100 characters") String city,

            @NotBlank(message = "is required") @Size(max = 20, message = "is at most 20 characters") String postalCode,

            @NotBlank(message = "is required") @Size(min = 2, max = 2, message = "must be an ISO 3166-1 alpha-2 code like DE") String country) {}

    record PlaceOrderBody(
            UUID orderId,

            @NotEmpty(message = "must have at least one line") @Size(max = 50, message = "has at most 50 lines") List<@NotNull(message = "is required") @Valid LineBody> lines,

            @NotNull(message = "is required") @Valid AddressBody shippingAddress) {}

    record OrderAccepted(UUID orderId, String status) {}

    record CancelBody(
            @NotBlank(message = "is required") @Size(max = 500, message = "is at most 500 characters") String reason) {}

    record ShipBody(
            @NotBlank(message = "is required") @Size(max = 64, message = "is at most 64 characters") String trackingNumber) {}

    @PostMapping
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Access(Access.Rule.CUSTOMER)
    @Operation(
            summary = "Place an order",
            description = "202: the order is PENDING until the saga confirms or "
                    + "rejects it. Prices are taken from the catalog now.")
    ResponseEntity<OrderAccepted> place(@Valid @RequestBody PlaceOrderBody body, Caller caller) {
        if (!caller.roles().contains(Caller.CUSTOMER)) {
            throw new ForbiddenException("Only a CUSTOMER may place orders");
        }
        OrderId id = new OrderId(body.orderId() != null ? body.orderId() : UUID.randomUUID());
        AddressBody address = body.shippingAddress();
        commands.sendAndWait(new PlaceOrder(
                id,
                caller.userId(),
                body.lines().stream()
                        .map(line -> new RequestedLine(line.productId(), line.quantity()))
                        .toList(),
                new ShippingAddress(
                        address.line1(), address.line2(), address.city(), address.postalCode(), address.country())));
        return responses.accepted(
                id.toString(), URI.create("/api/v1/orders/" + id), new OrderAccepted(id.value(), "PENDING"));
    }

    @PostMapping("/{orderId}/cancel")
    @Access(value = Access.Rule.OWNER_OR_ADMIN, owner = "orderId")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "Cancel an order", description = "The order's customer or an ADMIN. Optional If-Match.")
    ResponseEntity<Void> cancel(
            @PathVariable UUID orderId,
            @Valid @RequestBody CancelBody body,
            @RequestHeader(value = "If-Match", required = false) String ifMatch,
            Caller caller) {
        requireOwnerOrAdmin(orderId, caller);
        commands.sendAndWait(new CancelOrder(new OrderId(orderId), body.reason(), IfMatch.expectedVersion(ifMatch)));
        return responses.accepted(orderId.toString(), null, null);
    }

    @PostMapping("/{orderId}/ship")
    @Access(Access.Rule.ADMIN)
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "Ship an order", description = "ADMIN. Only a CONFIRMED order ships.")
    ResponseEntity<Void> ship(
            @PathVariable UUID orderId,
            @Valid @RequestBody ShipBody body,
            @RequestHeader(value = "If-Match", required = false) String ifMatch,
            Caller caller) {
        requireAdmin(caller);
        commands.sendAndWait(
                new ShipOrder(new OrderId(orderId), body.trackingNumber(), IfMatch.expectedVersion(ifMatch)));
        return responses.accepted(orderId.toString(), null, null);
    }

    @PostMapping("/{orderId}/deliver")
    @Access(Access.Rule.ADMIN)
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "Mark an order delivered", description = "ADMIN. Only a SHIPPED order is delivered.")
    ResponseEntity<Void> deliver(
            @PathVariable UUID orderId,
            @RequestHeader(value = "If-Match", required = false) String ifMatch,
            Caller caller) {
        requireAdmin(caller);
        commands.sendAndWait(new DeliverOrder(new OrderId(orderId), IfMatch.expectedVersion(ifMatch)));
        return responses.accepted(orderId.toString(), null, null);
    }

    private void requireOwnerOrAdmin(UUID orderId, Caller caller) {
        UUID owner = events.latest(orderId.toString(), OrderPlaced.class)
                .map(OrderPlaced::customerId)
                .orElseThrow(() -> new NotFoundException("No order " + orderId));
        if (!caller.isSelfOrAdmin(owner)) {
            throw new NotFoundException("No order " + orderId);
        }
    }

    private static void requireAdmin(Caller caller) {
        if (!caller.isAdmin()) {
            throw new ForbiddenException("Only an ADMIN may ship or deliver orders");
        }
    }
}
