// simple-peer 9 and its dependencies (readable-stream, randombytes) were written for browserify and
// expect Node's `Buffer` and `process` globals. Import this module before simple-peer.
// (`global` itself is mapped to globalThis by vite.config.ts.)

/// <reference path="./process-browser.d.ts" />
import { Buffer } from 'buffer';
import process from 'process/browser.js';

const scope = globalThis as { Buffer?: unknown; process?: unknown };
scope.Buffer ??= Buffer;
scope.process ??= process;
