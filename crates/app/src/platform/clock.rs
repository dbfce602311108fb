//! The clock port (OPS-3): every service asks it for the time, so tests and
//! `kontor jobs run-once --at` can move time instead of waiting.

use std::sync::{Arc, Mutex};

use time::{Duration, OffsetDateTime};

pub trait Clock: Send + Sync + std::fmt::Debug {
    fn now(&self) -> OffsetDateTime;
}

/// The real time.
#[derive(Debug, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> OffsetDateTime {
        OffsetDateTime::now_utc()
    }
}

/// A clock that stands still until told to move.
#[derive(Debug, Clone)]
pub struct ManualClock(Arc<Mutex<OffsetDateTime>>);

impl ManualClock {
    pub fn new(at: OffsetDateTime) -> ManualClock {
        ManualClock(Arc::new(Mutex::new(at)))
    }

    pub fn set(&self, at: OffsetDateTime) {
        if let Ok(mut t) = self.0.lock() {
            *t = at;
        }
    }

    pub fn advance(&self, by: Duration) {
        if let Ok(mut t) = self.0.lock() {
            *t += by;
        }
    }
}

impl Clock for ManualClock {
    fn now(&self) -> OffsetDateTime {
        self.0.lock().map_or(OffsetDateTime::UNIX_EPOCH, |t| *t)
    }
}

/// A clock that starts at a chosen instant and runs at the real pace from there
/// (`kontor serve --clock-start`, demonstrations and browser tests).
#[derive(Debug, Clone)]
pub struct StartedClock {
    offset: Duration,
}

impl StartedClock {
    pub fn new(start: OffsetDateTime) -> StartedClock {
        StartedClock {
            offset: start - OffsetDateTime::now_utc(),
        }
    }
}

impl Clock for StartedClock {
    fn now(&self) -> OffsetDateTime {
        OffsetDateTime::now_utc() + self.offset
    }
}
