// `node trace-require.cjs <specifier>`: requires one package and prints, one a line, every file Node's CommonJS
// loader loaded for it (require.cache), so a dependency required lazily at first use does not show.
require(process.argv[2]);
process.stdout.write(Object.keys(require.cache).join('\n'));
