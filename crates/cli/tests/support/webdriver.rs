//! Just enough of HTTP/1.1 and of the W3C WebDriver protocol to drive
//! Debian's `chromedriver` and to read storyline's JSON API from a test,
//! over a plain `std::net::TcpStream`: one request per connection, bodies
//! read by `Content-Length`, chunked transfer or to the end of the stream.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// An HTTP response: status code and body.
pub struct Response {
    pub status: u16,
    pub body: Vec<u8>,
}

impl Response {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }
}

/// One HTTP/1.1 request to `addr` (`host:port`), `Connection: close`.
pub fn request(
    addr: &str,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<&[u8]>,
) -> std::io::Result<Response> {
    let mut stream = TcpStream::connect(addr)?;
    stream.set_read_timeout(Some(Duration::from_secs(120)))?;
    stream.set_write_timeout(Some(Duration::from_secs(30)))?;
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    if let Some(body) = body {
        head.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    if let Some(body) = body {
        stream.write_all(body)?;
    }
    stream.flush()?;
    read_response(&mut BufReader::new(stream))
}

fn invalid(what: String) -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::InvalidData, what)
}

fn read_response(reader: &mut impl BufRead) -> std::io::Result<Response> {
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let status = line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| invalid(format!("bad status line {line:?}")))?;
    let (mut length, mut chunked) = (None, false);
    loop {
        line.clear();
        if reader.read_line(&mut line)? == 0 || line.trim().is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            let (name, value) = (name.trim().to_ascii_lowercase(), value.trim());
            if name == "content-length" {
                length = value.parse::<usize>().ok();
            } else if name == "transfer-encoding" && value.eq_ignore_ascii_case("chunked") {
                chunked = true;
            }
        }
    }
    let mut body = Vec::new();
    if chunked {
        loop {
            line.clear();
            reader.read_line(&mut line)?;
            let size = usize::from_str_radix(line.trim().split(';').next().unwrap_or(""), 16)
                .map_err(|_| invalid(format!("bad chunk size {line:?}")))?;
            if size == 0 {
                break;
            }
            let start = body.len();
            body.resize(start + size, 0);
            reader.read_exact(&mut body[start..])?;
            line.clear();
            reader.read_line(&mut line)?;
        }
    } else if let Some(length) = length {
        body.resize(length, 0);
        reader.read_exact(&mut body)?;
    } else {
        reader.read_to_end(&mut body)?;
    }
    Ok(Response { status, body })
}

/// A loopback port nobody listens on right now.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}

/// Decodes standard base64 (with or without padding; whitespace ignored).
pub fn base64_decode(input: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    };
    let mut out = Vec::with_capacity(input.len() / 4 * 3);
    let (mut acc, mut bits) = (0u32, 0u32);
    for v in input.bytes().filter_map(value) {
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    out
}

/// The key W3C WebDriver names element references by.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

/// A `chromedriver` process with one headless Chromium session. Dropping it
/// ends the session (which closes the browser) and the driver.
pub struct Driver {
    child: Child,
    addr: String,
    session: Option<String>,
    pub log: PathBuf,
}

impl Driver {
    /// Starts `chromedriver` on a free port and opens a session of
    /// `chromium` with `args` (besides a profile in `profile`), its
    /// viewport `width` x `height` CSS pixels as on a phone (headless
    /// Chromium's windows are no narrower than 500 pixels, so the size is
    /// emulated).
    pub fn start(
        chromedriver: &Path,
        chromium: &Path,
        profile: &Path,
        args: &[&str],
        (width, height): (u32, u32),
        log: PathBuf,
    ) -> Result<Driver, String> {
        let port = free_port();
        let out = std::fs::File::create(&log).map_err(|e| e.to_string())?;
        let err = out.try_clone().map_err(|e| e.to_string())?;
        let child = Command::new(chromedriver)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(out)
            .stderr(err)
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", chromedriver.display()))?;
        let mut driver = Driver {
            child,
            addr: format!("127.0.0.1:{port}"),
            session: None,
            log,
        };
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            match request(&driver.addr, "GET", "/status", &[], None) {
                Ok(r) if r.json()["value"]["ready"] == true => break,
                _ if Instant::now() > deadline => {
                    return Err(format!("chromedriver not ready: {}", driver.log_text()));
                }
                _ => std::thread::sleep(Duration::from_millis(100)),
            }
        }
        let mut all: Vec<String> = args.iter().map(|a| a.to_string()).collect();
        all.push(format!("--user-data-dir={}", profile.display()));
        let capabilities = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "pageLoadStrategy": "normal",
            "goog:chromeOptions": {
                "binary": chromium,
                "args": all,
                "mobileEmulation": {"deviceMetrics": {
                    "width": width, "height": height, "pixelRatio": 1.0, "touch": true,
                }},
            },
        }}});
        let value = driver
            .call("POST", "/session", Some(capabilities))
            .map_err(|e| format!("{e}\nchromedriver's log:\n{}", driver.log_text()))?;
        let id = value["sessionId"]
            .as_str()
            .ok_or_else(|| format!("no session id in {value}"))?;
        driver.session = Some(id.to_string());
        Ok(driver)
    }

    pub fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// One WebDriver command; its `value`, or the error it answered.
    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Result<Value, String> {
        let body = body.map(|b| b.to_string());
        let mut headers = vec![];
        if body.is_some() {
            headers.push(("Content-Type", "application/json; charset=utf-8"));
        }
        let r = request(
            &self.addr,
            method,
            path,
            &headers,
            body.as_deref().map(str::as_bytes),
        )
        .map_err(|e| format!("{method} {path}: {e}"))?;
        let value: Value = serde_json::from_slice(&r.body)
            .map_err(|e| format!("{method} {path}: {e}: {}", r.text()))?;
        if r.status != 200 {
            return Err(format!(
                "{method} {path}: {} {}: {}",
                r.status, value["value"]["error"], value["value"]["message"]
            ));
        }
        Ok(value["value"].clone())
    }

    fn session_call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let session = self.session.as_deref().expect("a session");
        self.call(method, &format!("/session/{session}{path}"), body)
            .unwrap_or_else(|e| panic!("{e}"))
    }

    pub fn goto(&self, url: &str) {
        self.session_call("POST", "/url", Some(json!({"url": url})));
    }

    pub fn current_url(&self) -> String {
        self.session_call("GET", "/url", None)
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    pub fn title(&self) -> String {
        self.session_call("GET", "/title", None)
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    /// Every element matching a CSS selector, in document order.
    pub fn find_all(&self, css: &str) -> Vec<Element<'_>> {
        self.find_all_in("", css)
    }

    /// The first element matching a CSS selector; panics when there is none.
    pub fn find(&self, css: &str) -> Element<'_> {
        self.find_all(css)
            .into_iter()
            .next()
            .unwrap_or_else(|| panic!("no element matches {css:?} on {}", self.current_url()))
    }

    fn find_all_in(&self, scope: &str, css: &str) -> Vec<Element<'_>> {
        let found = self.session_call(
            "POST",
            &format!("{scope}/elements"),
            Some(json!({"using": "css selector", "value": css})),
        );
        found
            .as_array()
            .map(|items| {
                items
                    .iter()
                    .filter_map(|e| e[ELEMENT].as_str())
                    .map(|id| Element {
                        driver: self,
                        id: id.to_string(),
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Runs `script` (a function body) with `args`; its return value.
    pub fn execute(&self, script: &str, args: Value) -> Value {
        self.session_call(
            "POST",
            "/execute/sync",
            Some(json!({"script": script, "args": args})),
        )
    }

    /// Waits (up to 15 s) until `done` holds, polling.
    pub fn wait_until(&self, what: &str, mut done: impl FnMut(&Driver) -> bool) {
        let deadline = Instant::now() + Duration::from_secs(15);
        while !done(self) {
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {what} (at {})",
                self.current_url()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// A PNG of the viewport.
    pub fn screenshot(&self) -> Vec<u8> {
        let shot = self.session_call("GET", "/screenshot", None);
        base64_decode(shot.as_str().expect("base64 PNG"))
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        if let Some(session) = self.session.take() {
            let _ = self.call("DELETE", &format!("/session/{session}"), None);
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A reference to an element of the current page.
pub struct Element<'a> {
    driver: &'a Driver,
    id: String,
}

impl Element<'_> {
    /// The element as a script argument.
    pub fn reference(&self) -> Value {
        json!({ ELEMENT: self.id })
    }

    fn path(&self, rest: &str) -> String {
        format!("/element/{}{rest}", self.id)
    }

    /// As the user sees it (rendered, whitespace collapsed).
    pub fn text(&self) -> String {
        let v = self.driver.session_call("GET", &self.path("/text"), None);
        v.as_str().unwrap_or_default().to_string()
    }

    /// A DOM property, such as `textContent` (the exact text) or `href`
    /// (resolved).
    pub fn property(&self, name: &str) -> Value {
        self.driver
            .session_call("GET", &self.path(&format!("/property/{name}")), None)
    }

    /// An attribute as written in the page.
    pub fn attribute(&self, name: &str) -> Option<String> {
        let v = self
            .driver
            .session_call("GET", &self.path(&format!("/attribute/{name}")), None);
        v.as_str().map(str::to_string)
    }

    pub fn click(&self) {
        self.driver
            .session_call("POST", &self.path("/click"), Some(json!({})));
    }

    pub fn clear(&self) {
        self.driver
            .session_call("POST", &self.path("/clear"), Some(json!({})));
    }

    /// Types `text`; `\u{E007}` is the Enter key.
    pub fn send_keys(&self, text: &str) {
        self.driver
            .session_call("POST", &self.path("/value"), Some(json!({"text": text})));
    }

    pub fn find_all(&self, css: &str) -> Vec<Element<'_>> {
        self.driver.find_all_in(&self.path(""), css)
    }

    pub fn is_displayed(&self) -> bool {
        self.driver
            .session_call("GET", &self.path("/displayed"), None)
            == true
    }
}
