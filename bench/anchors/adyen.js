// The Adyen Web pieces a card checkout with 3-D Secure 2 needs, as a merchant would import them.
export { AdyenCheckout, ThreeDS2DeviceFingerprint, ThreeDS2Challenge, Redirect } from '@adyen/adyen-web';
