//! Security settings (SEC): passwords checked with the lock-outs, second factors (TOTP, SMS,
//! backup codes) for users and staff, and the sign-in step that waits for a second factor.

pub mod factors;
pub mod passwords;
pub mod signin;
pub mod totp;
