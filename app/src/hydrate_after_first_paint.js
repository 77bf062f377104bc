// Starts the Wasm bundle after the first paint, when the browser is idle (at most 2 s later),
// and hydrates in a task of its own after instantiating it. Called by the shell
// (`HydrateAfterFirstPaint` in app.rs) with the paths of the bundle's JS and Wasm files.
((js, wasm) => {
  const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));
  const start = () =>
    import(js).then((bundle) =>
      bundle.default({ module_or_path: wasm }).then(nextTask).then(() => bundle.hydrate()));
  const whenIdle = () =>
    "requestIdleCallback" in window ? requestIdleCallback(start, { timeout: 2000 }) : setTimeout(start, 0);
  const afterPaint = () => requestAnimationFrame(() => setTimeout(whenIdle, 0));
  if (document.readyState === "complete") afterPaint();
  else addEventListener("load", afterPaint, { once: true });
})
