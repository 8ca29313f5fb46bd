//! The app window as a user sees it, addressed only by `data-testid`s and visible text.
//!
//! A missing test id fails with the id and the screen it was expected on, so a gap
//! between the UI and its contract reads as such rather than as a WebDriver error.

use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::{Client, Locator};

/// How long an element may take to appear (a screen change, a command round trip).
const APPEAR: Duration = Duration::from_secs(10);

/// The CSS selector of a test id.
pub fn testid(id: &str) -> String {
    format!("[data-testid=\"{id}\"]")
}

/// The window, driven through WebDriver.
pub struct Window<'a> {
    client: &'a Client,
}

impl<'a> Window<'a> {
    /// Drives `client`'s window.
    pub fn new(client: &'a Client) -> Window<'a> {
        Window { client }
    }

    /// The WebDriver client.
    pub fn client(&self) -> &'a Client {
        self.client
    }

    /// Waits for the element with this test id.
    pub async fn find(&self, id: &str) -> Element {
        self.find_css(&testid(id)).await
    }

    /// Waits for the element matching a CSS selector.
    pub async fn find_css(&self, css: &str) -> Element {
        match self
            .client
            .wait()
            .at_most(APPEAR)
            .every(Duration::from_millis(50))
            .for_element(Locator::Css(css))
            .await
        {
            Ok(element) => element,
            Err(error) => panic!(
                "UI contract: no element {css} appeared within {APPEAR:?} ({error}); {}; \
                 the page says:\n{}",
                self.failure_screenshot().await,
                self.visible_text().await
            ),
        }
    }

    /// The elements with this test id now (possibly none).
    pub async fn all(&self, id: &str) -> Vec<Element> {
        self.client
            .find_all(Locator::Css(&testid(id)))
            .await
            .expect("find_all")
    }

    /// Whether an element with this test id is on the page now.
    pub async fn has(&self, id: &str) -> bool {
        !self.all(id).await.is_empty()
    }

    /// Waits until `count` elements with this test id are on the page, and returns them.
    pub async fn wait_count(&self, id: &str, count: usize) -> Vec<Element> {
        let start = Instant::now();
        loop {
            let found = self.all(id).await;
            if found.len() == count {
                return found;
            }
            if start.elapsed() > APPEAR {
                panic!(
                    "UI contract: expected {count} × {}, found {} after {APPEAR:?}; {}; \
                     the page says:\n{}",
                    testid(id),
                    found.len(),
                    self.failure_screenshot().await,
                    self.visible_text().await
                );
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Waits up to `limit` for the element with this test id, the answer to slow work
    /// (Typst, a dialog, an export); fails at once with the message an error shows.
    pub async fn wait_outcome(&self, id: &str, limit: Duration) -> Element {
        let start = Instant::now();
        loop {
            if let Some(element) = self.all(id).await.into_iter().next() {
                return element;
            }
            if let Some(error) = self.all("error-message").await.into_iter().next() {
                let message = error.text().await.unwrap_or_default();
                panic!(
                    "waiting for {}, the window shows an error: {message:?}; {}",
                    testid(id),
                    self.failure_screenshot().await
                );
            }
            if start.elapsed() > limit {
                panic!(
                    "UI contract: no element {} within {limit:?}; {}; the page says:\n{}",
                    testid(id),
                    self.failure_screenshot().await,
                    self.visible_text().await
                );
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits until no element with this test id is left.
    pub async fn wait_gone(&self, id: &str) {
        self.wait_count(id, 0).await;
    }

    /// Clicks the element with this test id.
    pub async fn click(&self, id: &str) {
        let element = self.find(id).await;
        element
            .click()
            .await
            .unwrap_or_else(|e| panic!("clicking {}: {e}", testid(id)));
    }

    /// Replaces the value of the input with this test id by typing `text`.
    pub async fn fill(&self, id: &str, text: &str) {
        let element = self.find(id).await;
        fill_element(self.client, &element, id, text).await;
    }

    /// The visible text of the element with this test id.
    pub async fn text(&self, id: &str) -> String {
        self.find(id).await.text().await.expect("element text")
    }

    /// Waits until the text of the element with this test id is no longer `before`.
    pub async fn wait_text_change(&self, id: &str, before: &str) -> String {
        let start = Instant::now();
        loop {
            let now = self.text(id).await;
            if now != before {
                return now;
            }
            if start.elapsed() > APPEAR {
                panic!(
                    "UI contract: {} still says {before:?} after {APPEAR:?}; {}",
                    testid(id),
                    self.failure_screenshot().await
                );
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Chooses an option (by value) of the `<select>` with this test id.
    pub async fn choose(&self, id: &str, value: &str) {
        let select = self.find(id).await;
        select
            .select_by_value(value)
            .await
            .unwrap_or_else(|e| panic!("UI contract: {} has no option {value:?}: {e}", testid(id)));
        let chosen = select
            .prop("value")
            .await
            .expect("value")
            .unwrap_or_default();
        assert_eq!(chosen, value, "choosing {value:?} in {}", testid(id));
    }

    /// The whole page source (to prove what is not in the DOM).
    pub async fn source(&self) -> String {
        self.client.source().await.expect("page source")
    }

    /// Saves the screen as `artifacts/screenshots/failure.png`; says where.
    pub async fn failure_screenshot(&self) -> String {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../artifacts/screenshots/failure.png"
        );
        match self.client.screenshot().await {
            Ok(png) if std::fs::write(path, &png).is_ok() => {
                "the screen is in artifacts/screenshots/failure.png".into()
            }
            _ => "no screenshot could be taken".into(),
        }
    }

    /// The page's visible text, for failure messages.
    pub async fn visible_text(&self) -> String {
        match self
            .client
            .execute(
                "return document.body ? document.body.innerText : ''",
                vec![],
            )
            .await
        {
            Ok(text) => text.as_str().unwrap_or_default().to_owned(),
            Err(error) => format!("(page text unavailable: {error})"),
        }
    }
}

/// Clears an input and types `text`; verifies what the input holds afterwards.
pub async fn fill_element(client: &Client, element: &Element, id: &str, text: &str) {
    element
        .clear()
        .await
        .unwrap_or_else(|e| panic!("clearing {}: {e}", testid(id)));
    element
        .send_keys(text)
        .await
        .unwrap_or_else(|e| panic!("typing into {}: {e}", testid(id)));
    let typed = element
        .prop("value")
        .await
        .expect("value")
        .unwrap_or_default();
    if typed != text {
        // WebKitWebDriver types non-ASCII characters unreliably; set the value the way
        // a paste would and tell the framework (Svelte listens to `input`).
        eprintln!(
            "note: typing {text:?} into {} gave {typed:?}; pasting it instead",
            testid(id)
        );
        client
            .execute(
                "const [el, value] = arguments; el.value = value; \
                 el.dispatchEvent(new Event('input', { bubbles: true })); \
                 el.dispatchEvent(new Event('change', { bubbles: true }));",
                vec![
                    serde_json::to_value(element).expect("element reference"),
                    text.into(),
                ],
            )
            .await
            .expect("setting the value");
        let pasted = element
            .prop("value")
            .await
            .expect("value")
            .unwrap_or_default();
        assert_eq!(pasted, text, "the value of {}", testid(id));
    }
}
