/** The SDK's version, e.g. `"0.1.0"`. */
export declare function version(): string;

/**
 * Roubles written as a decimal string to whole kopecks, exactly (no floating point).
 * @example
 * rublesToKopecks('123.45') // 12345
 * rublesToKopecks('0,5')    // 50
 * @throws CKassaValidationError for more than two fraction digits, signs, exponents, junk.
 */
export declare function rublesToKopecks(text: string): number;

/**
 * A number, a numeric string or a BigInt to whole kopecks (0 ..= Number.MAX_SAFE_INTEGER).
 * @example
 * parseKopecks('13300') // 13300
 * parseKopecks(450n)    // 450
 * @throws CKassaValidationError for fractions, NaN, Infinity, negatives, exponent notation, empty strings.
 */
export declare function parseKopecks(value: number | string | bigint): number;
