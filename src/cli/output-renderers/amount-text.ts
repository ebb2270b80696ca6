/** An amount in currency units as people read it: thousands separated, two decimals (`30,075.21`). */
export function amountText(amount: number): string {
  return amount.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

/** A count or quantity, thousands separated; fractions as they are. */
export function quantityText(quantity: number): string {
  return quantity.toLocaleString('en-US', { maximumFractionDigits: 20 });
}
