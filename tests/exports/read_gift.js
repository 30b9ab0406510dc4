// Reads GIFT on standard input with gift-pegjs (an independent GIFT parser from npm) and prints
// its parse as JSON: what tests/exports/test_official_readers.py compares with the bank.
"use strict";
const path = require("path");
const { parse } = require(path.join(__dirname, "..", "..", "node_modules", "gift-pegjs"));

const chunks = [];
process.stdin.on("data", (chunk) => chunks.push(chunk));
process.stdin.on("end", () => {
  const text = Buffer.concat(chunks).toString("utf8");
  process.stdout.write(JSON.stringify(parse(text)));
});
