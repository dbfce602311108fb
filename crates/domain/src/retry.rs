//! Retry timing of deliveries that failed (MSG-1 e-mails, EVT-1 webhooks).

use time::Duration;

/// Delay before retry number `attempt` (1-based): 1, 2, 4 … minutes, at most 6 hours.
pub fn backoff(attempt: i64) -> Duration {
    let minutes = 1i64 << attempt.clamp(1, 10).saturating_sub(1);
    Duration::minutes(minutes.min(360))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn msg_1_backoff_grows_and_is_capped() {
        assert_eq!(backoff(1), Duration::minutes(1));
        assert_eq!(backoff(2), Duration::minutes(2));
        assert_eq!(backoff(5), Duration::minutes(16));
        assert_eq!(backoff(11), Duration::minutes(360));
        assert_eq!(backoff(30), Duration::minutes(360));
    }
}
