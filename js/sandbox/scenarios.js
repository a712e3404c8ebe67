// Scenario triggers for tests: armed through POST /__sandbox/scenario for the next matching requests,
// or asked for by one request with the property {"name": "SANDBOX_SCENARIO", "value": "<scenario>"}.
import { GatewayError } from './errors.js';
import { OPERATIONS } from './api.js';

/** Name of the request property that asks for a scenario. */
export const SCENARIO_PROPERTY = 'SANDBOX_SCENARIO';
/** The scenarios, `slow:<ms>` standing for any delay. */
export const SCENARIO_NAMES = Object.freeze(['decline', '3ds', 'error500', 'slow:<ms>', 'drop-after-create', 'expired']);
/** Longest delay `slow:<ms>` may ask for. */
export const MAX_SLOW_MS = 120_000;

const PAYMENT_CREATION = ['do/payment', 'do/payment/anonymous', 'card/registration'];

/**
 * Parses a scenario name; `slow:<ms>` carries its delay.
 * @param {unknown} text
 * @returns {{name: string, delayMs: number} | null}
 */
export function parseScenario(text) {
  if (typeof text !== 'string') return null;
  const slow = /^slow:(\d{1,6})$/.exec(text);
  if (slow) return Number(slow[1]) <= MAX_SLOW_MS ? { name: 'slow', delayMs: Number(slow[1]) } : null;
  return SCENARIO_NAMES.includes(text) && text !== 'slow:<ms>' ? { name: text, delayMs: 0 } : null;
}

/**
 * Whether a scenario means something for this request: `decline` for anything that creates a payment,
 * `expired` for payments with an order, `3ds` for a recurrent charge of a saved card; the others for any operation.
 */
export function appliesTo(scenario, operation, body) {
  switch (scenario.name) {
    case 'decline': return PAYMENT_CREATION.includes(operation);
    case 'expired': return operation === 'do/payment' || operation === 'do/payment/anonymous';
    case '3ds': return operation === 'do/payment' && typeof body?.cardToken === 'string' && body.cardToken !== '';
    default: return true;
  }
}

/** The scenario asked for in the request's `properties`, if any (invalid names are a BadRequest). */
export function scenarioOfRequest(operation, body) {
  const properties = body?.properties;
  if (!Array.isArray(properties)) return null;
  const asked = properties.find((item) => item?.name === SCENARIO_PROPERTY);
  if (!asked) return null;
  const scenario = parseScenario(asked.value);
  if (!scenario) {
    throw new GatewayError('BadRequest', `Invalid request: properties ${SCENARIO_PROPERTY} must be one of ${SCENARIO_NAMES.join(', ')}`);
  }
  if (!appliesTo(scenario, operation, body)) {
    throw new GatewayError('BadRequest', `Invalid request: properties ${SCENARIO_PROPERTY} ${asked.value} does not apply to ${operation}`);
  }
  return scenario;
}

/** Scenarios armed for the next `count` matching requests. */
export class ScenarioQueue {
  constructor() {
    this.nextId = 1;
    this.clear();
  }

  clear() {
    /** @type {Array<{id: number, operation: string | null, scenario: string, remaining: number}>} */
    this.armed = [];
  }

  /**
   * Arms a scenario; throws BadRequest on an unknown scenario, operation or count.
   * @param {unknown} request `{operation?, scenario, count?}`
   */
  arm(request) {
    const { operation = null, scenario, count = 1 } = request && typeof request === 'object' && !Array.isArray(request) ? request : {};
    if (!parseScenario(scenario)) {
      throw new GatewayError('BadRequest', `Invalid request: scenario must be one of ${SCENARIO_NAMES.join(', ')} (slow up to ${MAX_SLOW_MS} ms)`);
    }
    if (operation !== null && !OPERATIONS.includes(operation)) {
      throw new GatewayError('BadRequest', `Invalid request: operation must be one of ${OPERATIONS.join(', ')}`);
    }
    if (!Number.isSafeInteger(count) || count < 1 || count > 10_000) {
      throw new GatewayError('BadRequest', 'Invalid request: count must be an integer from 1 to 10000');
    }
    const entry = { id: this.nextId, operation, scenario, remaining: count };
    this.nextId += 1;
    this.armed.push(entry);
    return { ...entry };
  }

  /** Takes the first armed scenario matching this request, if any. */
  take(operation, body) {
    const index = this.armed.findIndex((entry) => (entry.operation === null || entry.operation === operation)
      && appliesTo(parseScenario(entry.scenario), operation, body));
    if (index < 0) return null;
    const entry = this.armed[index];
    entry.remaining -= 1;
    if (entry.remaining === 0) this.armed.splice(index, 1);
    return parseScenario(entry.scenario);
  }

  list() {
    return this.armed.map((entry) => ({ ...entry }));
  }
}
