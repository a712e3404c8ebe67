// Payments: amounts, requests, responses, notifications. Thin wrappers over the Rust core.
import { call, raw } from '../runtime.js';

/** The SDK's version. */
export function version() {
  return raw().version();
}

/** Roubles as a decimal string ("123.45", "123,45") to whole kopecks, exactly. Throws CKassaValidationError. */
export function rublesToKopecks(text) {
  return call('rubles_to_kopecks', text);
}

/** A number, numeric string or BigInt to whole kopecks. Throws CKassaValidationError. */
export function parseKopecks(value) {
  return call('parse_kopecks', value);
}
