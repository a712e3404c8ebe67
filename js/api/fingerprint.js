// 3-D Secure browser data: collection, normalisation, encoding, clientAuInfo.
