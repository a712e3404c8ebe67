// A function-size listing of a .wasm: the body size of every function and data segment, named from the
// module's "name" section (what `twiggy top` shows, without needing twiggy installed).
import { readFileSync } from 'node:fs';

function reader(bytes) {
  let p = 0;
  const r = {
    get pos() { return p; },
    set pos(v) { p = v; },
    u8: () => bytes[p++],
    leb() {
      let result = 0;
      let shift = 0;
      let b;
      do {
        b = bytes[p++];
        result += (b & 0x7f) * 2 ** shift;
        shift += 7;
      } while (b & 0x80);
      return result;
    },
    name() {
      const n = r.leb();
      const s = Buffer.from(bytes.subarray(p, p + n)).toString('utf8');
      p += n;
      return s;
    },
  };
  return r;
}

// The count of imported functions (function indices start after them).
function importedFunctions(bytes, start, end) {
  const r = reader(bytes);
  r.pos = start;
  let funcs = 0;
  const count = r.leb();
  for (let i = 0; i < count && r.pos < end; i++) {
    r.name();
    r.name();
    const kind = r.u8();
    if (kind === 0) { r.leb(); funcs++; } else if (kind === 1) { r.u8(); limits(r); } else if (kind === 2) limits(r); else if (kind === 3) { r.u8(); r.u8(); } else if (kind === 4) { r.u8(); r.leb(); }
  }
  return funcs;
}

function limits(r) {
  const flags = r.u8();
  r.leb();
  if (flags & 1) r.leb();
}

/**
 * Items of a .wasm with their sizes: [{ kind: 'code'|'data'|'custom', name, bytes }], largest first,
 * and { total } the file size. Unnamed functions are `code[i]`.
 */
export function wasmItems(path) {
  const bytes = readFileSync(path);
  const r = reader(bytes);
  r.pos = 8;
  const sections = [];
  while (r.pos < bytes.length) {
    const id = r.u8();
    const size = r.leb();
    const start = r.pos;
    sections.push({ id, start, end: start + size, custom: id === 0 ? r.name() : null });
    r.pos = start + size;
  }
  const imports = sections.find((s) => s.id === 2);
  const nImported = imports ? importedFunctions(bytes, imports.start, imports.end) : 0;
  const funcNames = new Map();
  const dataNames = new Map();
  const nameSec = sections.find((s) => s.custom === 'name');
  if (nameSec) {
    r.pos = nameSec.start;
    r.name();
    while (r.pos < nameSec.end) {
      const sub = r.u8();
      const size = r.leb();
      const next = r.pos + size;
      if (sub === 1 || sub === 9) {
        const map = sub === 1 ? funcNames : dataNames;
        const n = r.leb();
        for (let i = 0; i < n; i++) {
          const idx = r.leb();
          map.set(idx, r.name());
        }
      }
      r.pos = next;
    }
  }
  const items = [];
  const code = sections.find((s) => s.id === 10);
  if (code) {
    r.pos = code.start;
    const n = r.leb();
    for (let i = 0; i < n; i++) {
      const size = r.leb();
      const idx = nImported + i;
      items.push({ kind: 'code', name: funcNames.get(idx) ?? `code[${i}]`, bytes: size });
      r.pos += size;
    }
  }
  const data = sections.find((s) => s.id === 11);
  if (data) {
    r.pos = data.start;
    const n = r.leb();
    for (let i = 0; i < n; i++) {
      const flags = r.leb();
      if (flags === 2) r.leb();
      if (flags !== 1) while (r.u8() !== 0x0b) { /* skip the offset expression up to `end` */ }
      const size = r.leb();
      items.push({ kind: 'data', name: dataNames.get(i) ?? `data[${i}]`, bytes: size });
      r.pos += size;
    }
  }
  for (const s of sections) if (s.custom) items.push({ kind: 'custom', name: `custom section "${s.custom}"`, bytes: s.end - s.start });
  return { items: items.sort((a, b) => b.bytes - a.bytes), total: bytes.length };
}

// Which part of the code a function belongs to, from its (demangled) name.
const GROUPS = [
  ['float formatting and parsing (core::fmt::float, flt2dec, dec2flt)', /flt2dec|fmt::float|dec2flt|bignum|f64 as .*(FromStr|Display|Debug|LowerExp)|f32 as/],
  ['wasm-bindgen export shims (one per export)', /multivalue shim|externref shim/],
  ['core::net (IP address parsing and Display)', /core(\[[0-9a-f]+\])?::net::/],
  ['core::fmt (Display/Debug machinery, padding, escapes)', /core(\[[0-9a-f]+\])?::fmt|Formatter|escape_debug|as core::fmt::|core::fmt::|::fmt::h/],
  ['allocator (dlmalloc, alloc, RawVec growth)', /dlmalloc|__rdl_|__rust_(alloc|dealloc|realloc)|alloc(\[[0-9a-f]+\])?::|RawVec|finish_grow/],
  ['panics and string slicing checks', /panic|slice_error_fail|slice_index|str_index|unwrap_failed|expect_failed/],
  ['wasm-bindgen / js-sys / web-sys runtime', /wasm_bindgen|js_sys|web_sys|__wbindgen|__externref/],
];

/** Sizes by part: each ckassa_sdk module on its own, the rest by GROUPS; data and custom sections apart. */
export function groupItems(items) {
  const groups = new Map();
  const add = (key, n) => groups.set(key, (groups.get(key) ?? 0) + n);
  for (const it of items) {
    if (it.kind === 'data') { add('data segments (string literals, messages, tables)', it.bytes); continue; }
    if (it.kind === 'custom') { add(it.name, it.bytes); continue; }
    const own = /ckassa_sdk::([a-z_]+)(?:::([a-z_]+))?/.exec(it.name);
    if (own) {
      add(`ckassa_sdk::${own[1]}`, it.bytes);
      continue;
    }
    const g = GROUPS.find(([, re]) => re.test(it.name));
    if (g) add(g[0], it.bytes);
    else if (/^(code\[|[a-z_0-9]+$)/.test(it.name)) add('unnamed / exports', it.bytes);
    else add('other core / std', it.bytes);
  }
  return [...groups.entries()].map(([name, bytes]) => ({ name, bytes })).sort((a, b) => b.bytes - a.bytes);
}
