//! The app's processes as `/proc` shows them: who descends from tauri-driver, and how
//! much resident memory the app and its web processes hold.

use std::collections::HashMap;

/// One process: its parent and its program name.
struct Process {
    parent: u32,
    name: String,
}

/// Every process now, by pid.
fn snapshot() -> HashMap<u32, Process> {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return HashMap::new();
    };
    entries
        .filter_map(|entry| entry.ok()?.file_name().to_str()?.parse::<u32>().ok())
        .filter_map(|pid| {
            let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
            // "pid (comm) state ppid …": comm may hold spaces and parentheses.
            let after = stat.get(stat.rfind(')')? + 2..)?;
            let parent = after.split_whitespace().nth(1)?.parse().ok()?;
            Some((
                pid,
                Process {
                    parent,
                    name: program_name(pid),
                },
            ))
        })
        .collect()
}

/// The program's file name (from the command line: `comm` is cut at 15 bytes).
fn program_name(pid: u32) -> String {
    let cmdline = std::fs::read(format!("/proc/{pid}/cmdline")).unwrap_or_default();
    let first = cmdline.split(|&b| b == 0).next().unwrap_or_default();
    let first = String::from_utf8_lossy(first);
    first.rsplit('/').next().unwrap_or_default().to_owned()
}

fn descendants_in(processes: &HashMap<u32, Process>, root: u32) -> Vec<u32> {
    let mut found = Vec::new();
    let mut frontier = vec![root];
    while let Some(parent) = frontier.pop() {
        for (&pid, process) in processes {
            if process.parent == parent && !found.contains(&pid) {
                found.push(pid);
                frontier.push(pid);
            }
        }
    }
    found
}

/// Every process below `root`.
pub fn descendants(root: u32) -> Vec<u32> {
    descendants_in(&snapshot(), root)
}

/// Resident memory of one process in KiB (`VmRSS`), 0 when it is gone.
fn resident_kib(pid: u32) -> u64 {
    kib_field(&format!("/proc/{pid}/status"), "VmRSS:")
}

/// Proportional set size in KiB: shared pages (the WebKit libraries all three
/// processes map) divided among their users, so the sum counts them once.
fn proportional_kib(pid: u32) -> u64 {
    kib_field(&format!("/proc/{pid}/smaps_rollup"), "Pss:")
}

fn kib_field(file: &str, field: &str) -> u64 {
    std::fs::read_to_string(file)
        .ok()
        .and_then(|text| {
            text.lines()
                .find_map(|line| line.strip_prefix(field))
                .and_then(|rest| rest.split_whitespace().next()?.parse().ok())
        })
        .unwrap_or(0)
}

/// Resident memory of the app and of its web processes.
pub struct AppMemory {
    /// `levensregister-desktop` itself, KiB.
    pub app_kib: u64,
    /// WebKitWebProcess, WebKitNetworkProcess and any other process below the app, KiB.
    pub web_kib: u64,
    /// The same processes' proportional set size together, KiB.
    pub proportional_kib: u64,
    /// The processes counted, with their names.
    pub counted: Vec<(u32, String)>,
}

impl AppMemory {
    /// Measures the app found below tauri-driver (`driver`).
    pub fn measure(driver: u32) -> AppMemory {
        let processes = snapshot();
        let app = descendants_in(&processes, driver)
            .into_iter()
            .find(|pid| processes[pid].name == "levensregister-desktop")
            .expect("the levensregister-desktop process below tauri-driver");
        let below = descendants_in(&processes, app);
        let mut counted = vec![(app, processes[&app].name.clone())];
        counted.extend(below.iter().map(|pid| (*pid, processes[pid].name.clone())));
        AppMemory {
            app_kib: resident_kib(app),
            web_kib: below.iter().map(|&pid| resident_kib(pid)).sum(),
            proportional_kib: counted.iter().map(|&(pid, _)| proportional_kib(pid)).sum(),
            counted,
        }
    }

    /// One line for the engineers' note.
    pub fn report(&self) -> String {
        let mib = |kib: u64| kib as f64 / 1024.0;
        format!(
            "idle memory: {:.1} MiB (app {:.1} MiB, web {:.1} MiB) as VmRSS summed; \
             {:.1} MiB as PSS (shared pages once); processes {:?}",
            mib(self.app_kib + self.web_kib),
            mib(self.app_kib),
            mib(self.web_kib),
            mib(self.proportional_kib),
            self.counted
        )
    }
}
