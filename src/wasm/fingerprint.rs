//! Exports of the 3-D Secure browser data (collection in the browser, normalisation, encoding).
