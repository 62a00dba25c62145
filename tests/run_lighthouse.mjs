// Lighthouse on several pages in one Chromium, one after another (on two cores parallel runs are
// no faster), with Lighthouse's default mobile preset. Prints each page's report (LHR) as one
// line of JSON, in the order given. Used by test_lighthouse.py.
//
//   node run_lighthouse.mjs CHROMIUM CHROMIUM_FLAGS_AS_JSON URL...
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";

const [chromePath, chromeFlags, ...urls] = process.argv.slice(2);
const chrome = await chromeLauncher.launch({chromePath, chromeFlags: JSON.parse(chromeFlags)});
try {
  for (const url of urls) {
    const {lhr} = await lighthouse(url, {
      port: chrome.port,
      logLevel: "error",
      onlyCategories: ["accessibility", "best-practices", "seo"],
      disableFullPageScreenshot: true,  // a large image no audit of these categories needs
    });
    console.log(JSON.stringify(lhr));
  }
} finally {
  chrome.kill();
}
