// Imports the package by name, as an app would after `npm install oncehub-sf-mapping`.
import init, { Engine } from "oncehub-sf-mapping";
import { summarize } from "./lead-describe.js";

const out = document.getElementById("result");

async function main() {
  try {
    await init();
    const engine = new Engine();
    out.textContent = JSON.stringify(summarize(engine));
    engine.free();
    out.dataset.status = "ok";
  } catch (err) {
    out.textContent = `${err?.name}: ${err?.message}`;
    out.dataset.status = "error";
  }
}

main();
