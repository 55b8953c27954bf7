package com.orbitaldata.pricing;

/** An amount in minor units of a currency. */
public record Price(long minorUnits, String currency) {
  public Price plus(Price other) {
    if (!currency.equals(other.currency)) {
      throw new IllegalArgumentException("currency mismatch");
    }
    return new Price(minorUnits + other.minorUnits, currency);
  }
}
