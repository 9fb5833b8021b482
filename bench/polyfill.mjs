// Preload for PostGraphile 5 on Node 20: grafast calls Promise.withResolvers,
// which Node ships from version 22 on. Run with `node --import ./polyfill.mjs`.
if (typeof Promise.withResolvers !== "function") {
  Promise.withResolvers = function withResolvers() {
    let resolve;
    let reject;
    const promise = new this((resolveFn, rejectFn) => {
      resolve = resolveFn;
      reject = rejectFn;
    });
    return { promise, resolve, reject };
  };
}
