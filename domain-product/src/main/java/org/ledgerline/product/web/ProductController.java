package org.ledgerline.product.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.UUID;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.ledgerline.http.Access;
import org.ledgerline.http.CommandResponses;
import org.ledgerline.http.IfMatch;
import org.ledgerline.http.MoneyBody;
import org.ledgerline.product.api.AddStock;
import org.ledgerline.product.api.ChangeProductPrice;
import org.ledgerline.product.api.CreateProduct;
import org.ledgerline.product.api.ProductId;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Catalog commands; ADMIN only (enforced in the controller too, not just by URL rules). */
@RestController
@RequestMapping("/api/v1/products")
@Tag(name = "Products", description = "Catalog and stock (ADMIN)")
@Access(Access.Rule.ADMIN)
class ProductController {

    private final CommandGateway commands;
    private final CommandResponses responses;

    ProductController(CommandGateway commands, CommandResponses responses) {
        this.commands = commands;
        this.responses = responses;
    }

    record CreateProductBody(
            UUID productId,

            @NotBlank(message = "is required") @Size(max = 64, message = "is at most 64 characters") String sku,

            @NotBlank(message = "is required") @Size(max = 200, message = "is at most 200 characters") String name,

            @NotNull(message = "is required") @Valid MoneyBody price,

            @Min(value = 0, message = "cannot be negative") @Max(value = 1_000_000, message = "is at most 1000000") Integer initialStock) {}

    record ProductCreatedBody(UUID productId) {}

    record PriceBody(
            @NotNull(message = "is required") @Valid MoneyBody price) {}

    record StockBody(
            @NotNull(message = "is required") @Min(value = 1, message = "must be at least 1") @Max(value = 1_000_000, message = "is at most 1000000") Integer quantity) {}

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(
            summary = "Add a product to the catalog",
            description = "201 with the product id; a SKU already " + "used is 409. initialStock defaults to 0.")
    ResponseEntity<ProductCreatedBody> create(
            @Valid @RequestBody CreateProductBody body, org.ledgerline.http.Caller caller) {
        Admins.require(caller);
        ProductId id = new ProductId(body.productId() != null ? body.productId() : UUID.randomUUID());
        int initialStock = body.initialStock() == null ? 0 : body.initialStock();
        commands.sendAndWait(
                new CreateProduct(id, body.sku(), body.name(), body.price().toMoney(), initialStock));
        return responses.created(
                id.toString(), URI.create("/api/v1/products/" + id), new ProductCreatedBody(id.value()));
    }

    @PostMapping("/{productId}/price")
    @Operation(summary = "Change a product's price", description = "Optional If-Match: \"<version>\".")
    ResponseEntity<Void> changePrice(
            @PathVariable UUID productId,
            @Valid @RequestBody PriceBody body,
            @RequestHeader(value = "If-Match", required = false) String ifMatch,
            org.ledgerline.http.Caller caller) {
        Admins.require(caller);
        ProductId id = new ProductId(productId);
        commands.sendAndWait(new ChangeProductPrice(id, body.price().toMoney(), IfMatch.expectedVersion(ifMatch)));
        return responses.ok(id.toString(), null);
    }

    @PostMapping("/{productId}/stock")
    @Operation(summary = "Add stock", description = "Adds the quantity to the free stock. Optional If-Match.")
    ResponseEntity<Void> addStock(
            @PathVariable UUID productId,
            @Valid @RequestBody StockBody body,
            @RequestHeader(value = "If-Match", required = false) String ifMatch,
            org.ledgerline.http.Caller caller) {
        Admins.require(caller);
        ProductId id = new ProductId(productId);
        commands.sendAndWait(new AddStock(id, body.quantity(), IfMatch.expectedVersion(ifMatch)));
        return responses.ok(id.toString(), null);
    }
}
