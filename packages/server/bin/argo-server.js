#!/usr/bin/env node
// Thin launcher so the bin exists before the first build.
await import("../dist/main.js");
