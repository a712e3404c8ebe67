// The script-tag build: an IIFE that defines the global `CKassa` (the whole API, the wasm inlined).
// <script src="ckassa.min.js" integrity="sha384-..." crossorigin="anonymous"></script>
// then: CKassa.ready.then(() => CKassa.rublesToKopecks('123.45'))
import * as glue from '../../target/bindgen/web/ckassa_sdk.js';
import { WASM_GZIP_BASE64 } from '../../target/bindgen/wasm_base64.js';
import { makeInit, inflateBase64 } from './load.js';
import * as api from '../api/index.js';

const init = makeInit(glue, () => inflateBase64(WASM_GZIP_BASE64));
let ready = null;

const CKassa = Object.assign({}, api, {
  init,
  /** A promise that resolves once the SDK is ready (starts loading on first use). */
  get ready() {
    if (!ready) ready = init().catch((e) => { ready = null; throw e; });
    return ready;
  },
});

export default CKassa;
