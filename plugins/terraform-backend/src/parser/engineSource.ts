/*
 * The plan engine: a byte scanner plus the summariser, in plain JavaScript held as a string.
 *
 * Why a string: the same code must run in a worker thread and in-process, under jest (which
 * transforms TypeScript on the fly) and from a production bundle (where no `.js` file sits next
 * to the code: the package ships `dist/` only). A string evaluated with `new Worker(source,
 * { eval: true })` or `new Function(source)` needs no file, no loader and no transform, so both
 * paths run byte-for-byte the same code everywhere. The price is that TypeScript does not check
 * this file: the tests run it through both paths, chunk boundaries included.
 *
 * The source defines `createEngine(config)` returning `{ push(bytes), end() }`:
 * - `push` scans bytes as they arrive (any chunking; nothing refers to a chunk after `push`
 *   returns, so the caller may reuse it) with a small state machine that knows
 *   strings, escapes and depth. Only the top-level grammar and the inside of `resource_changes`,
 *   `resource_drift` and `output_changes` are looked at; other sections (`planned_values`,
 *   `prior_state`, `configuration`, ...) are skipped at byte speed, checked only for balanced
 *   brackets, closed strings and JSON characters. Each element of the three sections is
 *   `JSON.parse`d from its own slice (native speed), summarised, and dropped.
 * - Sensitive values are replaced by the SENSITIVE marker while summarising: nothing kept
 *   (summary or stored diff) ever holds them.
 * - The attribute diff of each resource (changed leaves only) is stored as compact JSON in a few
 *   large byte chunks, which `end()` hands back as ArrayBuffers (transferable without a copy).
 * - Errors are thrown as `Error` with a `planCode` (NotJson, Truncated, UnsupportedFormat,
 *   NotAPlan) and a message for people.
 *
 * No template literals in the source below (it is itself one).
 */
export const ENGINE_SOURCE = String.raw`
'use strict';
function createEngine(config) {
  var SENSITIVE = config.sensitive;
  var KNOWN_AFTER_APPLY = '(known after apply)';
  var WHOLE = '(all attributes)';
  var MAX_STRING = config.maxStringChars || 65536;
  var STORE_CHUNK = config.storeChunkBytes || (2 << 20);
  var MAX_DEPTH = 512;

  // ---------------------------------------------------------------- byte classes
  // FAST: 1 plain (whitespace, : , digits, letters of literals), 2 quote, 3 open, 4 close, 0 bad.
  var FAST = new Uint8Array(256);
  var LIT = new Uint8Array(256);
  (function () {
    var plain = ' \t\r\n:,+-.0123456789eE';
    for (var k = 0; k < plain.length; k++) FAST[plain.charCodeAt(k)] = 1;
    var lit = '+-.0123456789eE';
    for (k = 0; k < lit.length; k++) LIT[lit.charCodeAt(k)] = 1;
    for (k = 0x61; k <= 0x7a; k++) { FAST[k] = 1; LIT[k] = 1; }
    FAST[0x22] = 2; FAST[0x7b] = 3; FAST[0x5b] = 3; FAST[0x7d] = 4; FAST[0x5d] = 4;
  })();

  // Grammar expectations at the depths we follow (root object, section containers).
  var E_ROOT = 1, E_EOF = 2, E_KEY_OR_END = 3, E_KEY = 4, E_COLON = 5, E_VALUE = 6,
    E_VALUE_OR_END = 7, E_COMMA_OR_END = 8;

  function fail(code, message) {
    var e = new Error(message);
    e.planCode = code;
    throw e;
  }

  // ---------------------------------------------------------------- scanner state
  var base = 0;            // absolute offset of the current chunk
  var chunk = null;        // current chunk (Buffer)
  var total = 0;           // bytes pushed so far
  var started = false;     // saw the first non-whitespace byte
  var depth = 0;
  var stack = new Uint8Array(MAX_DEPTH + 2);
  var exp = new Uint8Array(MAX_DEPTH + 2);
  exp[0] = E_ROOT;
  var fastDepth = 1;       // deeper than this: skip at byte speed
  var inStr = false, slowStr = false, strIsKey = false;
  var inLit = false;
  var carry = 0;           // bytes to skip at the start of the next chunk (escape split)
  var curKey = null;       // current top-level key
  var section = null;      // resource_changes | resource_drift | output_changes
  var sectionCount = 0;
  var memberName = null;   // current output name

  // Capture of a byte range that may span chunks.
  var capActive = false, capStart = 0, capAbs = 0, capParts = [];
  function capBegin(i) { capActive = true; capStart = i; capAbs = base + i; capParts = []; }
  function capEnd(iEnd) {
    capActive = false;
    if (capParts.length === 0) return chunk.subarray(capStart, iEnd);
    capParts.push(chunk.subarray(0, iEnd));
    var out = Buffer.concat(capParts);
    capParts = [];
    return out;
  }

  // ---------------------------------------------------------------- plan state
  var top = Object.create(null);
  var seen = Object.create(null);
  var resources = [], drift = [], outputs = [];
  var attrIndex = [], driftIndex = [];
  var counts = { add: 0, change: 0, replace: 0, destroy: 0, read: 0, forget: 0, import: 0,
    move: 0, noOp: 0, drift: 0 };
  var hosts = { tofu: 0, terraform: 0 };

  // ---------------------------------------------------------------- detail store
  var storeChunks = [], storeCur = null, storeUsed = 0;
  function storeWrite(str, index) {
    if (str === '[]') { index.push(-1, 0, 0); return; }
    var len = str.length * 3 <= (storeCur ? storeCur.length - storeUsed : 0)
      ? -1 : Buffer.byteLength(str, 'utf8');
    if (len >= 0 && (!storeCur || storeUsed + len > storeCur.length)) {
      storeCur = Buffer.allocUnsafeSlow(Math.max(STORE_CHUNK, len));
      storeUsed = 0;
      storeChunks.push(storeCur);
    }
    var written = storeCur.write(str, storeUsed, 'utf8');
    index.push(storeChunks.length - 1, storeUsed, written);
    storeUsed += written;
  }

  // ---------------------------------------------------------------- errors with positions
  function describe(c) {
    if (c >= 0x21 && c <= 0x7e) return "'" + String.fromCharCode(c) + "'";
    return 'byte 0x' + (c < 16 ? '0' : '') + c.toString(16);
  }
  function notJson(i, what) {
    fail('NotJson', 'not JSON at byte ' + (base + i) + ' (' + (what || 'unexpected ' + describe(chunk[i])) + ')');
  }
  function where() {
    if (section) return section;
    if (depth >= 2 && curKey) return curKey;
    return 'the top-level object';
  }

  function firstByte(i) {
    var b = chunk, c = b[i];
    if (c === 0x7b) return;
    if (c === 0x50 && b[i + 1] === 0x4b) fail('NotJson', 'not JSON at byte ' + (base + i) + ': this is a binary plan file (terraform plan -out) or a zip archive; the portal reads the output of terraform show -json <planfile>');
    if ((c === 0xff && b[i + 1] === 0xfe) || (c === 0xfe && b[i + 1] === 0xff)) fail('NotJson', 'not JSON at byte ' + (base + i) + ': the file is UTF-16 encoded (PowerShell redirection?); save it as UTF-8');
    if (c === 0x1f && b[i + 1] === 0x8b) fail('NotJson', 'not JSON at byte ' + (base + i) + ': the file is gzip-compressed');
    if (c === 0x3c) fail('NotJson', 'not JSON at byte ' + (base + i) + ': it looks like an HTML or XML page');
    if (c === 0x5b || c === 0x22 || (c >= 0x30 && c <= 0x39) || c === 0x2d) fail('NotAPlan', 'the file is JSON but not an object: not the output of terraform show -json');
    notJson(i);
  }

  // ---------------------------------------------------------------- top-level values
  function parseCaptured(bytes, context) {
    var at0 = capAbs;
    var text = bytes.toString('utf8');
    try {
      return JSON.parse(text);
    } catch (e) {
      var at = at0 + errorPosition(String(e && e.message), text);
      fail('NotJson', 'not JSON at byte ' + at + (context ? ' (in ' + context + ')' : ''));
    }
  }

  // Where JSON.parse stopped. V8 says "at position N", or for an unexpected token quotes the
  // text around it: "...<10 characters><token>..." (the token 10 characters in), or the start
  // of the text up to 10 characters past the token, or the whole text when it is short.
  function errorPosition(message, text) {
    var m = /at position (\d+)/.exec(message);
    if (m) return Number(m[1]);
    m = /^Unexpected token '([\s\S]*?)', (\.\.\.)?"([\s\S]*?)"(\.\.\.)? is not valid JSON$/.exec(message);
    if (!m) return 0;
    if (m[2]) {
      var start = text.indexOf(m[3]);
      return start < 0 ? 0 : start + 10;
    }
    if (m[4]) return Math.max(0, m[3].length - 10);
    return Math.max(0, text.indexOf(m[1]));
  }

  function topScalar(key, value) {
    seen[key] = true;
    top[key] = value;
    if (key === 'format_version') checkFormat(value);
  }

  function checkFormat(v) {
    if (typeof v !== 'string') fail('UnsupportedFormat', 'format_version ' + JSON.stringify(v) + ' is not supported (this portal reads 1.x)');
    if (/^1(\.\d+)*$/.test(v)) return;
    var hint = /^0\./.test(v) ? '; it comes from Terraform 0.12 to 0.15, upgrade to Terraform 1.x' : '';
    fail('UnsupportedFormat', 'format_version ' + v + ' is not supported (this portal reads 1.x' + hint + ')');
  }

  function valueStart(i, c) {
    // A container value opens at depth (before push).
    if (depth === 1) {
      // format_version must be a string; a container there is not the output of terraform show.
      if (curKey === 'format_version') checkFormat(c === 0x5b ? [] : {});
      seen[curKey] = true;
      if (curKey === 'resource_changes' || curKey === 'resource_drift') {
        if (c !== 0x5b) fail('NotAPlan', curKey + ' is not a list: not the output of terraform show -json');
        section = curKey; sectionCount = 0; fastDepth = 2;
      } else if (curKey === 'output_changes') {
        if (c !== 0x7b) fail('NotAPlan', 'output_changes is not an object: not the output of terraform show -json');
        section = curKey; sectionCount = 0; fastDepth = 2;
      } else {
        fastDepth = 1;
      }
    } else if (depth === 2) {
      if (c !== 0x7b) notElement();
      capBegin(i);
    }
  }

  function notElement() {
    var name = section === 'output_changes' ? 'output ' + JSON.stringify(memberName) : section + '[' + sectionCount + ']';
    fail('NotAPlan', name + ' is not an object: not the output of terraform show -json');
  }

  function closed(d, i) {
    // The container that was at depth d + 1 closed at chunk index i; now at depth d.
    if (d === 2) {
      var bytes = capEnd(i + 1);
      var context = section === 'output_changes' ? 'output ' + JSON.stringify(memberName) : section + '[' + sectionCount + ']';
      var value = parseCaptured(bytes, context);
      if (section === 'output_changes') addOutput(memberName, value);
      else addResource(value, section === 'resource_drift', context);
      sectionCount++;
      exp[2] = E_COMMA_OR_END;
    } else if (d === 1) {
      section = null;
      fastDepth = 1;
      exp[1] = E_COMMA_OR_END;
    } else if (d === 0) {
      exp[0] = E_EOF;
    } else {
      exp[d] = E_COMMA_OR_END;
    }
  }

  function stringEnded(iAfter) {
    var d = depth;
    if (strIsKey) {
      var key = parseCaptured(capEnd(iAfter), 'a key');
      if (d === 1) curKey = key; else memberName = key;
      exp[d] = E_COLON;
    } else {
      topScalar(curKey, parseCaptured(capEnd(iAfter), curKey));
      exp[d] = E_COMMA_OR_END;
    }
  }

  function literalEnded(iEnd) {
    var at0 = capAbs;
    var text = capEnd(iEnd).toString('latin1');
    var value;
    try { value = JSON.parse(text); } catch (e) { fail('NotJson', 'not JSON at byte ' + at0 + ' (' + JSON.stringify(text.slice(0, 20)) + ' is not a JSON value)'); }
    topScalar(curKey, value);
  }

  // One token at a depth we follow (not in a string, not in a literal).
  function slow(i) {
    var c = chunk[i];
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) return i + 1;
    if (!started) { started = true; firstByte(i); }
    var e = exp[depth];
    switch (c) {
      case 0x7b: case 0x5b:
        if (depth === 0) {
          if (e === E_EOF) notJson(i, 'data after the end of the JSON document');
        } else if (e !== E_VALUE && e !== E_VALUE_OR_END) notJson(i);
        if (depth >= MAX_DEPTH) fail('NotAPlan', 'values nested deeper than ' + MAX_DEPTH + ' levels at byte ' + (base + i) + ': not a Terraform plan');
        valueStart(i, c);
        if (depth >= 1) exp[depth] = E_COMMA_OR_END;
        stack[depth++] = c;
        exp[depth] = c === 0x7b ? E_KEY_OR_END : E_VALUE_OR_END;
        return i + 1;
      case 0x7d: case 0x5d:
        if (depth === 0) notJson(i);
        if (stack[depth - 1] !== (c === 0x7d ? 0x7b : 0x5b)) notJson(i);
        if (e !== E_COMMA_OR_END && e !== (c === 0x7d ? E_KEY_OR_END : E_VALUE_OR_END)) notJson(i);
        depth--;
        closed(depth, i);
        return i + 1;
      case 0x22:
        if (depth === 0) notJson(i, e === E_EOF ? 'data after the end of the JSON document' : undefined);
        if (e === E_KEY || e === E_KEY_OR_END) {
          strIsKey = true;
          capBegin(i);
        } else if (e === E_VALUE || e === E_VALUE_OR_END) {
          if (depth === 2) notElement();
          strIsKey = false;
          capBegin(i);
        } else notJson(i);
        inStr = true; slowStr = true;
        return i + 1;
      case 0x3a:
        if (e !== E_COLON) notJson(i);
        exp[depth] = E_VALUE;
        return i + 1;
      case 0x2c:
        if (e !== E_COMMA_OR_END || depth === 0) notJson(i);
        exp[depth] = stack[depth - 1] === 0x7b ? E_KEY : E_VALUE;
        return i + 1;
      default:
        if (LIT[c] === 1 && depth > 0 && (e === E_VALUE || e === E_VALUE_OR_END)) {
          if (depth === 2) notElement();
          capBegin(i);
          inLit = true;
          exp[depth] = E_COMMA_OR_END;
          return i;
        }
        if (depth === 0 && e === E_EOF) notJson(i, 'data after the end of the JSON document');
        notJson(i);
    }
    return i + 1;
  }

  function scan(b, start, end) {
    var i = start, c = 0, k = 0;
    while (i < end) {
      if (inStr) {
        while (i < end) {
          c = b[i];
          if (c === 0x22) break;
          i += c === 0x5c ? 2 : 1;
        }
        if (i >= end) { carry = i - end; return; }
        i++;
        inStr = false;
        if (slowStr) { slowStr = false; stringEnded(i); }
        continue;
      }
      if (inLit) {
        while (i < end && LIT[b[i]] === 1) i++;
        if (i >= end) return;
        inLit = false;
        literalEnded(i);
        continue;
      }
      if (depth > fastDepth) {
        // Inside a value we do not follow token by token: strings and brackets only.
        while (i < end) {
          c = b[i];
          k = FAST[c];
          if (k === 1) { i++; continue; }
          if (k === 2) {
            i++;
            while (i < end) {
              c = b[i];
              if (c === 0x22) break;
              i += c === 0x5c ? 2 : 1;
            }
            if (i >= end) { inStr = true; carry = i - end; return; }
            i++;
            continue;
          }
          if (k === 3) {
            if (depth >= MAX_DEPTH) fail('NotAPlan', 'values nested deeper than ' + MAX_DEPTH + ' levels at byte ' + (base + i) + ': not a Terraform plan');
            stack[depth++] = c;
            i++;
            continue;
          }
          if (k === 4) {
            if (stack[depth - 1] !== (c === 0x7d ? 0x7b : 0x5b)) notJson(i);
            depth--;
            if (depth === fastDepth) { closed(depth, i); i++; break; }
            i++;
            continue;
          }
          notJson(i);
        }
        continue;
      }
      i = slow(i);
    }
  }

  function push(bytes) {
    if (bytes.length === 0) return;
    var b = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    chunk = b;
    var start = 0;
    if (total === 0 && b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) start = 3; // UTF-8 BOM
    if (carry > 0) { start += Math.min(carry, b.length); carry -= Math.min(carry, b.length); }
    total += b.length;
    scan(b, start, b.length);
    if (capActive) {
      // Copied, not referenced: once push returns, the chunk may be handed back for reuse.
      capParts.push(Buffer.from(b.subarray(capStart)));
      capStart = 0;
    }
    chunk = null;
    base += b.length;
  }

  // ---------------------------------------------------------------- summarising
  var hasOwn = Object.prototype.hasOwnProperty;
  var IDENT = /^[A-Za-z_][A-Za-z0-9_-]*$/;
  var segCache = new Map();
  function keySeg(key) {
    var s = segCache.get(key);
    if (s === undefined) {
      s = IDENT.test(key) ? key : '[' + JSON.stringify(key) + ']';
      if (segCache.size < 50000) segCache.set(key, s);
    }
    return s;
  }
  function joinKey(path, key) {
    var s = keySeg(key);
    if (path === '') return s;
    return s.charCodeAt(0) === 0x5b ? path + s : path + '.' + s;
  }
  function joinIndex(path, i) { return path + '[' + i + ']'; }

  function isObj(v) { return v !== null && typeof v === 'object'; }
  function absent(v) { return v === undefined || v === null; }
  function sub(x, key) { return x !== null && typeof x === 'object' && hasOwn.call(x, key) ? x[key] : undefined; }
  function hasTrue(x) {
    if (x === true) return true;
    if (x === null || typeof x !== 'object') return false;
    if (Array.isArray(x)) { for (var i = 0; i < x.length; i++) if (hasTrue(x[i])) return true; return false; }
    for (var k in x) if (hasOwn.call(x, k) && hasTrue(x[k])) return true;
    return false;
  }
  function deepEqual(a, b) {
    if (a === b) return true;
    if (absent(a) && absent(b)) return true;
    if (!isObj(a) || !isObj(b)) return false;
    if (Array.isArray(a) !== Array.isArray(b)) return false;
    if (Array.isArray(a)) {
      if (a.length !== b.length) return false;
      for (var i = 0; i < a.length; i++) if (!deepEqual(a[i], b[i])) return false;
      return true;
    }
    var n = 0;
    for (var k in a) {
      if (!hasOwn.call(a, k)) continue;
      n++;
      if (!hasOwn.call(b, k) || !deepEqual(a[k], b[k])) return false;
    }
    for (k in b) if (hasOwn.call(b, k)) n--;
    return n === 0;
  }
  // o[k] = v, also for a key named __proto__ (plain assignment would set the prototype instead).
  function setKey(o, k, v) {
    if (k === '__proto__') Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
    else o[k] = v;
  }
  function cap(v) {
    if (typeof v === 'string') {
      return v.length > MAX_STRING ? v.slice(0, MAX_STRING) + '... (' + (v.length - MAX_STRING) + ' more characters not shown)' : v;
    }
    if (!isObj(v)) return v;
    if (Array.isArray(v)) { var a = new Array(v.length); for (var i = 0; i < v.length; i++) a[i] = cap(v[i]); return a; }
    var o = {};
    for (var k in v) if (hasOwn.call(v, k)) setKey(o, k, cap(v[k]));
    return o;
  }
  // A copy of v where everything marked true in either sensitivity structure is the marker, and
  // strings are capped.
  function mask(v, sens, sens2) {
    if (sens === true || sens2 === true) return absent(v) ? v : SENSITIVE;
    if (!isObj(v)) return cap(v);
    if (!isObj(sens) && !isObj(sens2)) return cap(v);
    if (Array.isArray(v)) { var a = new Array(v.length); for (var i = 0; i < v.length; i++) a[i] = mask(v[i], sub(sens, i), sub(sens2, i)); return a; }
    var o = {};
    for (var k in v) if (hasOwn.call(v, k)) setKey(o, k, mask(v[k], sub(sens, k), sub(sens2, k)));
    return o;
  }
  // A copy of after with unknown parts shown as the known-after-apply marker.
  function withUnknown(after, unknown) {
    if (unknown === true) return KNOWN_AFTER_APPLY;
    if (!isObj(unknown)) return after;
    if (Array.isArray(unknown)) {
      var len = Math.max(unknown.length, Array.isArray(after) ? after.length : 0);
      var a = new Array(len);
      for (var i = 0; i < len; i++) a[i] = withUnknown(sub(after, i) === undefined ? null : sub(after, i), unknown[i]);
      return a;
    }
    var o = {};
    if (isObj(after)) for (var k in after) if (hasOwn.call(after, k)) setKey(o, k, after[k]);
    for (k in unknown) if (hasOwn.call(unknown, k)) setKey(o, k, withUnknown(hasOwn.call(o, k) ? o[k] : undefined, unknown[k]));
    return o;
  }

  // Flags of a stored change: [path, flags, before?, after?]
  var F_BEFORE = 1, F_AFTER = 2, F_UNKNOWN = 4, F_SENSITIVE = 8, F_FORCES = 16;

  function Differ(replacePaths) {
    this.out = [];
    this.rp = replacePaths;
  }
  Differ.prototype.emit = function (path, hasB, b, hasA, a, flags) {
    var rp = this.rp;
    if (rp !== null) {
      for (var r = 0; r < rp.length; r++) {
        var p = rp[r];
        if (path === '' || p === path || (path.length > p.length && path.startsWith(p) && (path.charCodeAt(p.length) === 0x2e || path.charCodeAt(p.length) === 0x5b)) ||
          (p.length > path.length && p.startsWith(path) && (p.charCodeAt(path.length) === 0x2e || p.charCodeAt(path.length) === 0x5b))) {
          flags |= F_FORCES;
          break;
        }
      }
    }
    var t = [path === '' ? WHOLE : path, flags | (hasB ? F_BEFORE : 0) | (hasA ? F_AFTER : 0)];
    if (hasB) t.push(b);
    if (hasA) t.push(a);
    this.out.push(t);
  };
  // before/after: undefined when the whole object does not exist on that side.
  Differ.prototype.walk = function (path, b, a, bs, as, au, creating, deleting) {
    if (au === true) {
      // Known after apply. Sensitivity on either side hides the before value too: a value that
      // is sensitive after the change is treated as a secret before it as well.
      var bMasked = absent(b) ? undefined : mask(b, bs, as);
      var sens = bs === true || as === true || hasTrue(bs);
      this.emit(path, bMasked !== undefined, bMasked, false, undefined, F_UNKNOWN | (sens ? F_SENSITIVE : 0));
      return;
    }
    if (bs === true || as === true) {
      // A sensitive value (leaf or whole subtree): one change at this path, both sides masked.
      // A value whose sensitivity changed is a change too (Terraform shows it).
      var unknownInside = hasTrue(au);
      if (!unknownInside && deepEqual(b, a) && (bs === true) === (as === true)) return;
      var hasBefore = !absent(b);
      var hasAfter = !absent(a);
      if (!hasBefore && !hasAfter && !unknownInside) return;
      this.emit(path, hasBefore, SENSITIVE, hasAfter, SENSITIVE, F_SENSITIVE | (unknownInside ? F_UNKNOWN : 0));
      return;
    }
    var bc = isObj(b), ac = isObj(a);
    if (bc && ac) {
      if (Array.isArray(b) === Array.isArray(a)) {
        this.children(path, b, a, bs, as, au, creating, deleting);
      } else {
        // The type changed (dynamic values): the old leaves go, the new ones come.
        this.children(path, b, undefined, bs, as, undefined, creating, true);
        this.children(path, undefined, a, bs, as, au, true, deleting);
      }
      return;
    }
    if (bc || ac || (isObj(au) && hasTrue(au))) {
      // A container on one side (or unknown parts only): its leaves appear or disappear.
      var cont = ac ? a : bc ? b : au;
      if (isEmpty(cont) && !hasTrue(au)) {
        if (creating || deleting) return;
        this.emit(path, !absent(b), bc ? b : cap(b), !absent(a), ac ? a : cap(a), 0);
        return;
      }
      if (!bc && !absent(b)) this.emit(path, true, cap(b), false, undefined, 0);
      this.children(path, bc ? b : undefined, ac ? a : undefined, bs, as, au, creating, deleting);
      if (!ac && !absent(a)) this.emit(path, false, undefined, true, cap(a), 0);
      return;
    }
    if (b === a || (absent(b) && absent(a))) return;
    this.emit(path, !absent(b), cap(b), !absent(a), cap(a), 0);
  };
  function isEmpty(v) {
    if (Array.isArray(v)) return v.length === 0;
    for (var k in v) if (hasOwn.call(v, k)) return false;
    return true;
  }
  Differ.prototype.children = function (path, b, a, bs, as, au, creating, deleting) {
    var arr = Array.isArray(b) || Array.isArray(a) || (b === undefined && a === undefined && Array.isArray(au));
    var i, k;
    if (arr) {
      var n = Math.max(b ? b.length : 0, a ? a.length : 0, Array.isArray(au) ? au.length : 0);
      for (i = 0; i < n; i++) {
        this.walk(joinIndex(path, i), b ? b[i] : undefined, a ? a[i] : undefined, sub(bs, i), sub(as, i), sub(au, i), creating, deleting);
      }
      return;
    }
    if (a) for (k in a) if (hasOwn.call(a, k)) this.walk(joinKey(path, k), sub(b, k), a[k], sub(bs, k), sub(as, k), sub(au, k), creating, deleting);
    if (b) for (k in b) if (hasOwn.call(b, k) && !(a && hasOwn.call(a, k))) this.walk(joinKey(path, k), b[k], undefined, sub(bs, k), sub(as, k), sub(au, k), creating, deleting);
    if (isObj(au) && !Array.isArray(au)) {
      for (k in au) {
        if (hasOwn.call(au, k) && !(a && hasOwn.call(a, k)) && !(b && hasOwn.call(b, k))) this.walk(joinKey(path, k), undefined, undefined, sub(bs, k), sub(as, k), au[k], creating, deleting);
      }
    }
  };

  function pathString(steps) {
    if (!Array.isArray(steps)) return null;
    var p = '';
    for (var i = 0; i < steps.length; i++) {
      var s = steps[i];
      if (typeof s === 'number') p = joinIndex(p, s);
      else if (typeof s === 'string') p = joinKey(p, s);
      else return null;
    }
    return p;
  }

  function diffChange(change, action) {
    if (action === 'no-op') return [];
    var replacePaths = null;
    if (Array.isArray(change.replace_paths) && change.replace_paths.length > 0) {
      replacePaths = [];
      for (var i = 0; i < change.replace_paths.length; i++) {
        var p = pathString(change.replace_paths[i]);
        if (p !== null) replacePaths.push(p);
      }
    }
    var d = new Differ(replacePaths);
    var before = change.before === null ? undefined : change.before;
    var after = change.after === null ? undefined : change.after;
    d.walk('', before, after, change.before_sensitive, change.after_sensitive, change.after_unknown,
      before === undefined, after === undefined && change.after_unknown !== true);
    return d.out;
  }

  function normalise(actions) {
    if (!Array.isArray(actions)) return null;
    var a = actions.join(',');
    switch (a) {
      case 'create': return { action: 'create' };
      case 'update': return { action: 'update' };
      case 'delete': return { action: 'delete' };
      case 'read': return { action: 'read' };
      case 'no-op': return { action: 'no-op' };
      case 'forget': return { action: 'forget' };
      case 'delete,create': return { action: 'replace', replaceOrder: 'delete-first' };
      case 'create,delete': return { action: 'replace', replaceOrder: 'create-first' };
      case 'create,forget': return { action: 'replace', replaceOrder: 'create-first' };
      default:
        // A combination newer than this code: say the most consequential thing it contains.
        if (actions.indexOf('delete') >= 0 && actions.indexOf('create') >= 0) return { action: 'replace', replaceOrder: actions.indexOf('delete') < actions.indexOf('create') ? 'delete-first' : 'create-first' };
        if (actions.indexOf('delete') >= 0) return { action: 'delete' };
        if (actions.indexOf('create') >= 0) return { action: 'create' };
        if (actions.indexOf('forget') >= 0) return { action: 'forget' };
        if (actions.indexOf('read') >= 0) return { action: 'read' };
        return { action: 'update' };
    }
  }

  function str(v) { return typeof v === 'string' ? v : ''; }

  function addResource(rc, isDrift, context) {
    if (!isObj(rc) || typeof rc.address !== 'string' || !isObj(rc.change)) fail('NotAPlan', context + ' has no address or change: not the output of terraform show -json');
    var change = rc.change;
    var norm = normalise(change.actions);
    if (norm === null) fail('NotAPlan', context + ' (' + rc.address + ') has no change.actions: not the output of terraform show -json');
    var s = { address: typeof rc.deposed === 'string' && rc.deposed ? rc.address + ' (deposed object ' + rc.deposed + ')' : rc.address };
    if (typeof rc.previous_address === 'string' && rc.previous_address && rc.previous_address !== rc.address) s.previousAddress = rc.previous_address;
    if (typeof rc.module_address === 'string' && rc.module_address) s.moduleAddress = rc.module_address;
    s.mode = rc.mode === 'data' ? 'data' : 'managed';
    s.type = str(rc.type);
    s.name = str(rc.name);
    if (typeof rc.index === 'number' || typeof rc.index === 'string') s.index = rc.index;
    s.providerName = str(rc.provider_name);
    s.action = norm.action;
    if (norm.replaceOrder) s.replaceOrder = norm.replaceOrder;
    if (typeof rc.action_reason === 'string' && rc.action_reason) s.actionReason = rc.action_reason;
    if (isObj(change.importing)) s.importing = typeof change.importing.id === 'string' && change.importing.id ? { id: change.importing.id } : {};
    var attrs = diffChange(change, norm.action);
    s.changedAttributes = attrs.length;
    if (s.providerName.indexOf('registry.opentofu.org/') === 0) hosts.tofu++;
    else if (s.providerName.indexOf('registry.terraform.io/') === 0) hosts.terraform++;
    if (isDrift) {
      drift.push(s);
      counts.drift++;
      storeWrite(JSON.stringify(attrs), driftIndex);
      return;
    }
    resources.push(s);
    storeWrite(JSON.stringify(attrs), attrIndex);
    switch (s.action) {
      case 'create': counts.add++; break;
      case 'update': counts.change++; break;
      case 'replace': counts.replace++; break;
      case 'delete': counts.destroy++; break;
      case 'read': counts.read++; break;
      case 'forget': counts.forget++; break;
      default: counts.noOp++;
    }
    if (s.importing) counts.import++;
    if (s.previousAddress) counts.move++;
  }

  function addOutput(name, ch) {
    if (!isObj(ch)) fail('NotAPlan', 'output ' + JSON.stringify(name) + ' is not an object: not the output of terraform show -json');
    var norm = normalise(ch.actions) || { action: 'update' };
    var bs = ch.before_sensitive, as = ch.after_sensitive, au = ch.after_unknown;
    // Terraform marks outputs sensitive as a whole (before_sensitive = after_sensitive = true);
    // any sensitivity hides both sides.
    var sensitive = hasTrue(bs) || hasTrue(as);
    var o = { name: String(name), action: norm.action, sensitive: sensitive };
    if (!absent(ch.before)) o.before = sensitive ? SENSITIVE : cap(ch.before);
    if (au === true) {
      o.afterUnknown = true;
    } else if (hasTrue(au)) {
      o.after = sensitive ? SENSITIVE : cap(withUnknown(ch.after, au));
      o.afterUnknown = true;
    } else if (!absent(ch.after)) {
      o.after = sensitive ? SENSITIVE : cap(ch.after);
    }
    outputs.push(o);
  }

  // ---------------------------------------------------------------- end
  function end() {
    if (!started) fail('NotJson', total === 0 ? 'the file is empty (0 bytes): not JSON' : 'the file holds only whitespace: not JSON');
    if (depth > 0 || inStr || (inLit && depth > 0)) {
      fail('Truncated', 'the file ends in the middle (truncated at byte ' + total + ' of ' + where() + ')');
    }
    var isPlan = seen.resource_changes || seen.planned_values || seen.output_changes || seen.resource_drift;
    if (!isPlan) {
      if (seen.values || seen.format_version) fail('NotAPlan', 'no resource_changes/planned_values: this is terraform show -json of a state, not of a plan');
      if (seen.lineage || seen.serial || (seen.version && seen.resources)) fail('NotAPlan', 'this is a Terraform state file (terraform.tfstate), not the JSON of a plan (terraform show -json <planfile>)');
      fail('NotAPlan', 'no resource_changes/planned_values/output_changes: not the output of terraform show -json <planfile>');
    }
    if (!seen.format_version) fail('UnsupportedFormat', 'the file has no format_version: not the output of terraform show -json of Terraform 1.x');
    if (storeCur && storeUsed < storeCur.length) {
      var trimmed = Buffer.allocUnsafeSlow(storeUsed);
      storeCur.copy(trimmed, 0, 0, storeUsed);
      storeChunks[storeChunks.length - 1] = trimmed;
    }
    var chunks = storeChunks.map(function (b) { return b.buffer; });
    var result = {
      formatVersion: top.format_version,
      terraformVersion: typeof top.terraform_version === 'string' ? top.terraform_version : undefined,
      toolSignal: hosts.tofu > hosts.terraform ? 'opentofu' : hosts.terraform > 0 ? 'terraform' : undefined,
      counts: counts,
      resources: resources,
      drift: drift,
      outputs: outputs,
      errored: typeof top.errored === 'boolean' ? top.errored : undefined,
      applyable: typeof top.applyable === 'boolean' ? top.applyable : undefined,
      sizeBytes: total,
      store: { chunks: chunks, attrIndex: attrIndex, driftIndex: driftIndex }
    };
    return { result: result, transfer: chunks };
  }

  return { push: push, end: end };
}
`;

/**
 * The worker's entry: feeds the chunks it is sent to an engine and answers with acks (for the
 * sender's flow control), then the result (its detail store transferred, not copied) or an error.
 */
export const WORKER_SOURCE = `${ENGINE_SOURCE}
const { parentPort, workerData } = require('node:worker_threads');
const engine = createEngine(workerData);
let failed = false;
parentPort.on('message', message => {
  if (failed) return;
  try {
    if (message.type === 'chunk') {
      engine.push(new Uint8Array(message.data, 0, message.length));
      // The batch goes back to the sender for its next one: a few batches, reused.
      parentPort.postMessage({ type: 'ack', bytes: message.length, data: message.data }, [message.data]);
    } else if (message.type === 'end') {
      const { result, transfer } = engine.end();
      parentPort.postMessage({ type: 'done', result }, transfer);
    }
  } catch (error) {
    failed = true;
    parentPort.postMessage({
      type: 'error',
      code: (error && error.planCode) || 'Internal',
      message: String((error && error.message) || error),
    });
  }
});
`;
