// The gallery in a real browser: Debian's Chromium, headless, driven by playwright-core (no browser download).
// GalleryBrowserIT starts the application on a demo run and calls this with:
//   BASE (http://127.0.0.1:PORT), RUN and RUN_ITEMS (a generated run and its item count), PAIR_RUN and PAIR_ITEM
//   (a run of one submitted pair, in a size the generator never makes), OUT (folder for screenshots), CHROMIUM.
// It checks: every page lists its items and draws a box over both images of every item that has boxes, inside the
// image; following "next page" visits every item of the run exactly once; a drop-reason filter shows only items
// dropped for that reason; the item page shows both images and one table row and one box per candidate; the
// submitted pair's boxes are sized from its own images. Prints one line per check; exit 1 on the first failure.
import { chromium } from "playwright-core";
import { mkdirSync } from "node:fs";

const env = (k) => {
  if (!process.env[k]) throw new Error(`missing env ${k}`);
  return process.env[k];
};
const BASE = env("BASE"), RUN = env("RUN"), RUN_ITEMS = Number(env("RUN_ITEMS"));
const PAIR_RUN = env("PAIR_RUN"), PAIR_ITEM = env("PAIR_ITEM"), OUT = env("OUT");
mkdirSync(OUT, { recursive: true });

function check(ok, what) {
  if (!ok) throw new Error(`FAILED: ${what}`);
  console.log(`ok: ${what}`);
}

/** Waits until every image of the page has loaded, so boxes sized from images are in place. */
async function imagesLoaded(page) {
  await page.waitForFunction(() => [...document.images].every((i) => i.complete && i.naturalWidth > 0),
    null, { timeout: 60000 });
  await page.waitForFunction(() => document.querySelectorAll(".pair[data-size=auto]").length === 0,
    null, { timeout: 60000 });
}

/** For every pair on the page: as many boxes on each image as the item has, each non-empty and inside its image. */
async function boxesDrawn(page) {
  return page.$$eval(".pair", (pairs) => pairs.map((p) => {
    const want = Number(p.dataset.boxes);
    const sides = [...p.querySelectorAll(".img")].map((img) => {
      const r = img.querySelector("img").getBoundingClientRect();
      const rects = [...img.querySelectorAll("rect")].map((x) => x.getBoundingClientRect());
      const inside = rects.every((b) => b.width > 1 && b.height > 1 && b.left >= r.left - 1 && b.top >= r.top - 1
        && b.right <= r.right + 1 && b.bottom <= r.bottom + 1);
      return { n: rects.length, inside };
    });
    return { want, ok: sides.length === 2 && sides.every((s) => s.n === want && s.inside) };
  }));
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
});
try {
  const page = await browser.newPage({ viewport: { width: 1100, height: 800 } });
  page.setDefaultTimeout(60000); // generous: build machines are shared and slow at times

  // 1. pages of the run: items listed, boxes drawn, paging by cursor until the end of the run
  await page.goto(`${BASE}/runs/${RUN}/gallery?limit=4`);
  const seen = [];
  let pages = 0, withBoxes = 0;
  for (;;) {
    pages++;
    await imagesLoaded(page);
    const ids = await page.$$eval(".item", (xs) => xs.map((x) => x.dataset.item));
    check(ids.length > 0 && ids.length <= 4, `page ${pages} lists ${ids.length} items`);
    const boxes = await boxesDrawn(page);
    check(boxes.every((b) => b.ok), `page ${pages}: every pair's boxes drawn on both images, inside them`);
    withBoxes += boxes.filter((b) => b.want > 0).length;
    if (pages === 1) await page.screenshot({ path: `${OUT}/gallery.png` });
    seen.push(...ids);
    const next = await page.$("a.next");
    if (!next) break;
    await Promise.all([page.waitForNavigation(), next.click()]);
  }
  check(seen.length === RUN_ITEMS && new Set(seen).size === RUN_ITEMS,
    `paging visited all ${RUN_ITEMS} items once over ${pages} pages`);
  check([...seen].sort().join() === seen.join(), "pages follow item id order");
  check(withBoxes > 0, `${withBoxes} items had boxes drawn`);

  // 2. a drop-reason filter shows only items dropped for that reason
  await page.goto(`${BASE}/runs/${RUN}/gallery?limit=50`);
  const reason = await page.$("a.reason");
  if (reason) {
    const why = await reason.getAttribute("data-reason");
    await Promise.all([page.waitForNavigation(), reason.click()]);
    const reasons = await page.$$eval(".item", (xs) => xs.map((x) => x.dataset.reason));
    check(reasons.length > 0 && reasons.every((r) => r === why), `filter '${why}' shows only its ${reasons.length} items`);
  } else {
    console.log("note: no item of the run was dropped, no reason filter to follow");
  }

  // 3. the item page of an item with boxes: both images, one row and one box per candidate
  await page.goto(`${BASE}/runs/${RUN}/gallery?status=done&limit=1`);
  await Promise.all([page.waitForNavigation(), page.click(".item a.open")]);
  await imagesLoaded(page);
  check(await page.locator(".pair.item img").count() === 2, "item page shows both images");
  const rows = await page.locator("#candidates tr").count() - 1;
  const drawn = await boxesDrawn(page);
  check(rows > 0 && drawn.length === 1 && drawn[0].ok && drawn[0].want === rows,
    `item page: ${rows} candidates listed, each drawn on both images`);
  check((await page.textContent("#record")).includes('"detect"'), "item page carries the stored record");
  await page.screenshot({ path: `${OUT}/item.png`, fullPage: true });

  // 4. a submitted pair: its size is read from its own image A
  await page.goto(`${BASE}/runs/${PAIR_RUN}/items/${PAIR_ITEM}`);
  await imagesLoaded(page);
  const view = await page.$eval(".pair svg", (s) => s.getAttribute("viewBox"));
  const natural = await page.$eval(".pair img.a", (i) => `0 0 ${i.naturalWidth} ${i.naturalHeight}`);
  check(view === natural, `submitted pair's overlay sized from its image (${view})`);
  const pair = await boxesDrawn(page);
  const state = await page.textContent("#state");
  check(pair[0].want > 0 && pair[0].ok, `submitted pair (${state}): ${pair[0].want} boxes drawn inside both images`);
  await page.goto(`${BASE}/runs/${PAIR_RUN}/gallery`);
  await imagesLoaded(page);
  check((await boxesDrawn(page)).every((b) => b.ok), "submitted pair's gallery draws its boxes");
  console.log("browser checks passed");
} finally {
  await browser.close();
}
