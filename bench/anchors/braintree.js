// The Braintree Web pieces a card checkout with 3-D Secure 2 needs, as a merchant would import them.
export { default as client } from 'braintree-web/client';
export { default as threeDSecure } from 'braintree-web/three-d-secure';
export { default as dataCollector } from 'braintree-web/data-collector';
