//! The desktop around the app: an Xvfb display, `tauri-driver` (which starts
//! WebKitWebDriver, which starts the app), a WebDriver session, and a temp folder that
//! holds the registers, the settings, the Secret Key files and the fake clock.
//!
//! Everything is stopped by [`Processes`]' `Drop`, so a failed assertion cleans up too.
//! tauri-driver gets SIGTERM, never SIGKILL: killed hard it leaves WebKitWebDriver
//! holding its port, and the next run hangs.

use std::fs::File;
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder};
use tempfile::TempDir;

use crate::authenticator::FakeClock;
use crate::processes::descendants;

/// How long a process may take to come up (Xvfb, tauri-driver).
const STARTUP: Duration = Duration::from_secs(15);

/// How to build what this test drives.
const BUILD_HINT: &str = "build the UI first (`npm run build --prefix ui`), then \
    `cargo test --workspace` as CI does, or `cargo test --no-run -p levensregister-e2e \
    -p levensregister-desktop -p levensregister-cli`: their dev-dependencies switch the hooks on";

/// The built binaries and the repository's files the test uses.
pub struct Build {
    /// The repository root.
    pub repo: PathBuf,
    /// `target/debug/levensregister-desktop`.
    pub app: PathBuf,
    /// `target/debug/levensregister`.
    pub cli: PathBuf,
}

impl Build {
    /// Finds the binaries beside this test's `deps` folder (the same `cargo test` built them).
    pub fn locate() -> Build {
        let exe = std::env::current_exe().expect("the test binary's path");
        let profile_dir = exe
            .parent()
            .and_then(Path::parent)
            .expect("the test binary lives in target/<profile>/deps");
        let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let repo = repo.canonicalize().expect("the repository root");
        let build = Build {
            app: profile_dir.join("levensregister-desktop"),
            cli: profile_dir.join("levensregister"),
            repo,
        };
        for binary in [&build.app, &build.cli] {
            let bytes = std::fs::read(binary).unwrap_or_else(|e| {
                panic!("{}: {e}; build it first ({BUILD_HINT})", binary.display())
            });
            // The hook's variable name is compiled in only with the test hooks.
            let hook = b"LEVENSREGISTER_INSECURE_TEST_CLOCK_FILE";
            assert!(
                bytes.windows(hook.len()).any(|window| window == hook),
                "{} was built without the vault's insecure-test-hooks, so it ignores the fake \
                 clock; rebuild it ({BUILD_HINT})",
                binary.display()
            );
        }
        build
    }

    /// A file of the repository.
    pub fn file(&self, relative: &str) -> PathBuf {
        self.repo.join(relative)
    }
}

/// The folders the app and the CLI share, in one temp folder.
pub struct Home {
    dir: TempDir,
}

impl Home {
    fn new() -> Home {
        let dir = tempfile::Builder::new()
            .prefix("levensregister-e2e-")
            .tempdir()
            .expect("a temp folder");
        for sub in [
            "registers",
            "config",
            "data",
            "cache",
            "home",
            "runtime",
            "bin",
        ] {
            std::fs::create_dir_all(dir.path().join(sub)).expect("a folder in the temp folder");
        }
        let home = Home { dir };
        home.install_pdf_viewer();
        home
    }

    /// A stand-in for the system's `xdg-open` (first on the app's PATH): it writes down
    /// what the app asked it to open, in [`Home::opened`], instead of starting a viewer.
    fn install_pdf_viewer(&self) {
        let script = self.path("bin/xdg-open");
        let record = self.opened();
        std::fs::write(
            &script,
            format!(
                "#!/bin/sh\nprintf '%s\\n' \"$1\" >> '{}'\n",
                record.display()
            ),
        )
        .expect("writing the stand-in xdg-open");
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755))
            .expect("making the stand-in xdg-open executable");
    }

    /// The file the stand-in `xdg-open` writes each path it was asked to open into.
    pub fn opened(&self) -> PathBuf {
        self.path("opened")
    }

    /// A path in the temp folder.
    pub fn path(&self, relative: &str) -> PathBuf {
        self.dir.path().join(relative)
    }

    /// Where the app keeps its registers (`LEVENSREGISTER_REGISTERS`).
    pub fn registers(&self) -> PathBuf {
        self.path("registers")
    }

    /// The environment the app and the CLI run in: nothing of the real user's.
    pub fn apply(&self, command: &mut Command, clock: &FakeClock) {
        let mut path = vec![self.path("bin")];
        path.extend(std::env::split_paths(
            &std::env::var_os("PATH").unwrap_or_default(),
        ));
        let path = std::env::join_paths(path).expect("a PATH");
        command
            .env_clear()
            .env("PATH", path)
            .env("HOME", self.path("home"))
            .env("XDG_CONFIG_HOME", self.path("config"))
            .env("XDG_DATA_HOME", self.path("data"))
            .env("XDG_CACHE_HOME", self.path("cache"))
            .env("XDG_RUNTIME_DIR", self.path("runtime"))
            .env("LANG", "C.UTF-8")
            .env("LEVENSREGISTER_REGISTERS", self.registers())
            .env("LEVENSREGISTER_SETTINGS", self.path("config/settings.json"))
            .env("LEVENSREGISTER_KEYCHAIN", "file")
            .env("LEVENSREGISTER_INSECURE_TEST_KDF", "1")
            .env("LEVENSREGISTER_INSECURE_TEST_CLOCK_FILE", clock.file());
    }
}

/// Xvfb and tauri-driver, stopped in the right order when dropped.
pub struct Processes {
    xvfb: Child,
    driver: Option<Child>,
}

impl Processes {
    /// tauri-driver's process id.
    pub fn driver_pid(&self) -> u32 {
        self.driver.as_ref().map_or(0, Child::id)
    }
}

impl Drop for Processes {
    fn drop(&mut self) {
        if let Some(mut driver) = self.driver.take() {
            let left = descendants(driver.id());
            terminate(driver.id());
            wait_for_exit(&mut driver, Duration::from_secs(10));
            // The app normally goes with its driver; make sure nothing is left behind,
            // and that nothing still writes into the temp folder removed after this.
            for &pid in &left {
                if is_running(pid) {
                    terminate(pid);
                }
            }
            let start = Instant::now();
            while left.iter().any(|&pid| is_running(pid)) && start.elapsed() < STARTUP {
                std::thread::sleep(Duration::from_millis(50));
            }
        }
        terminate(self.xvfb.id());
        wait_for_exit(&mut self.xvfb, Duration::from_secs(5));
    }
}

/// True while the process exists and has not exited (a zombie has).
fn is_running(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .ok()
        .and_then(|stat| {
            let after = stat.get(stat.rfind(')')? + 2..)?;
            after.split_whitespace().next().map(|state| state != "Z")
        })
        .unwrap_or(false)
}

fn terminate(pid: u32) {
    let _ = Command::new("kill")
        .arg("-TERM")
        .arg(pid.to_string())
        .stderr(Stdio::null())
        .status();
}

fn wait_for_exit(child: &mut Child, limit: Duration) {
    let start = Instant::now();
    while start.elapsed() < limit {
        if matches!(child.try_wait(), Ok(Some(_))) {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    eprintln!("process {} did not stop within {limit:?}", child.id());
}

/// The running app and everything around it.
pub struct Desktop {
    // Fields drop in this order: the session, then the processes, and only then the
    // temp folder the app was using.
    /// The WebDriver session on the app's window.
    pub client: Client,
    /// Xvfb and tauri-driver.
    pub processes: Processes,
    /// The shared folders.
    pub home: Home,
    /// The clock the app reads at every code check.
    pub clock: FakeClock,
    /// When the session was requested (the app is started by that request).
    pub requested: Instant,
    /// When the session request returned.
    pub connected: Instant,
    /// The X display (`:99`), for driving native dialogs with xdotool.
    pub display: String,
}

impl Desktop {
    /// Starts a display, tauri-driver, and the app in a new session.
    pub async fn start(build: &Build) -> Desktop {
        let home = Home::new();
        let clock = FakeClock::new(home.path("clock"));
        let display = free_display();
        let xvfb = Command::new("Xvfb")
            .arg(format!(":{display}"))
            .args(["-screen", "0", "1280x1024x24", "-nolisten", "tcp"])
            .stdout(Stdio::null())
            .stderr(log_file(build, "xvfb.log"))
            .spawn()
            .expect("Xvfb (apt install xvfb)");
        let mut processes = Processes { xvfb, driver: None };
        let socket = PathBuf::from(format!("/tmp/.X11-unix/X{display}"));
        wait_until(|| socket.exists(), "Xvfb's socket");

        let (port, native_port) = (free_port(), free_port());
        let driver_binary = tauri_driver();
        let driver_log = log_file(build, "tauri-driver.log");
        let driver_errors = driver_log.try_clone().expect("a second handle on the log");
        let mut driver = Command::new(&driver_binary);
        home.apply(&mut driver, &clock);
        let driver = driver
            .env("DISPLAY", format!(":{display}"))
            .args(["--port", &port.to_string()])
            .args(["--native-port", &native_port.to_string()])
            .stdout(driver_log)
            .stderr(driver_errors)
            .spawn()
            .unwrap_or_else(|e| panic!("{}: {e}", driver_binary.display()));
        processes.driver = Some(driver);
        // tauri-driver proxies to WebKitWebDriver: both must listen before a session.
        wait_until(
            || {
                TcpStream::connect(("127.0.0.1", port)).is_ok()
                    && TcpStream::connect(("127.0.0.1", native_port)).is_ok()
            },
            "tauri-driver and WebKitWebDriver",
        );

        let mut capabilities = serde_json::Map::new();
        capabilities.insert(
            "tauri:options".into(),
            serde_json::json!({ "application": build.app }),
        );
        let requested = Instant::now();
        let mut builder = ClientBuilder::native();
        builder.capabilities(capabilities);
        let url = format!("http://127.0.0.1:{port}");
        let client = tokio::time::timeout(STARTUP, builder.connect(&url))
            .await
            .unwrap_or_else(|_| panic!("the app's window did not open within {STARTUP:?}"))
            .expect("a WebDriver session on the app (see artifacts/e2e-logs/tauri-driver.log)");
        let connected = Instant::now();
        Desktop {
            client,
            processes,
            home,
            clock,
            requested,
            connected,
            display: format!(":{display}"),
        }
    }

    /// Ends the session (the app closes), then the driver and the display.
    pub async fn stop(self) {
        let Desktop {
            client, processes, ..
        } = self;
        let _ = client.close().await;
        drop(processes);
    }
}

/// tauri-driver from the PATH or `~/.cargo/bin`.
fn tauri_driver() -> PathBuf {
    let on_path = std::env::var_os("PATH")
        .map(|path| std::env::split_paths(&path).collect::<Vec<_>>())
        .unwrap_or_default()
        .into_iter()
        .map(|dir| dir.join("tauri-driver"))
        .find(|candidate| candidate.is_file());
    let in_cargo = std::env::var_os("HOME")
        .map(|home| PathBuf::from(home).join(".cargo/bin/tauri-driver"))
        .filter(|candidate| candidate.is_file());
    on_path
        .or(in_cargo)
        .expect("tauri-driver is not installed: cargo install --locked tauri-driver --version ^2")
}

/// A fresh log file under `artifacts/e2e-logs/`, for reading after a failure.
fn log_file(build: &Build, name: &str) -> File {
    let dir = build.file("artifacts/e2e-logs");
    std::fs::create_dir_all(&dir).expect("artifacts/e2e-logs");
    File::create(dir.join(name)).expect("a log file")
}

/// An X display number with neither a socket nor a lock file.
fn free_display() -> u32 {
    (99..400)
        .find(|n| {
            !Path::new(&format!("/tmp/.X11-unix/X{n}")).exists()
                && !Path::new(&format!("/tmp/.X{n}-lock")).exists()
        })
        .expect("a free X display number")
}

/// A TCP port nobody listens on right now.
fn free_port() -> u16 {
    let listener = TcpListener::bind(("127.0.0.1", 0)).expect("a free port");
    listener.local_addr().expect("its address").port()
}

fn wait_until(mut ready: impl FnMut() -> bool, what: &str) {
    let start = Instant::now();
    while !ready() {
        assert!(
            start.elapsed() < STARTUP,
            "{what} did not come up within {STARTUP:?}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}
