// `node --import ./trace-register.mjs trace-import.mjs <specifier>`: imports one package (nothing else).
await import(process.argv[2]);
