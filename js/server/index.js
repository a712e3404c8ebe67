// ckassa-sdk/server: the merchant's side for Node 18+ (ESM and CommonJS). A gateway client holding the
// shop's secrets, the proxy the browser's CheckoutClient talks to, and the notification receiver.
// The core (validation, answers, notifications, clientAuInfo) is imported as 'ckassa-sdk', the package
// itself, so this entry shares the Node entry's wasm instance. See docs/server.md.
export {
  createGateway,
  CKASSA_PRODUCTION_URL,
  CKASSA_DEMO_URL,
  OPERATIONS,
  PAYMENT_CREATING_OPERATIONS,
} from './gateway.js';
export { createProxy } from './proxy.js';
export {
  createNotificationHandler,
  parseNotification,
  notificationKey,
  PAYMENT_STATE_ORDER,
} from './notifications.js';
export { enrichClientAuInfo } from './enrich.js';
export { createMemoryStore } from './store.js';
export { CKASSA_NOTIFICATION_SOURCES } from './addresses.js';
export {
  CKassaError,
  CKassaValidationError,
  CKassaGatewayError,
  CKassaNetworkError,
  CKassaTimeoutError,
  CKassaAbortError,
} from 'ckassa-sdk';
