package org.ledgerline.order.api;

/** Where an order goes; {@code country} is ISO 3166-1 alpha-2, {@code line2} optional. */
public record ShippingAddress(String line1, String line2, String city, String postalCode, String country) {}
