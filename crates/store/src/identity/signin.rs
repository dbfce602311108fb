//! Sign-in failures, per account and per client IP (ACC-4).

use crate::{Conn, StoreResult, q};

/// Which subject a failure is counted against.
#[derive(Debug, Clone, Copy)]
pub enum FailureScope {
    Account,
    Ip,
}

impl FailureScope {
    fn as_str(self) -> &'static str {
        match self {
            FailureScope::Account => "account",
            FailureScope::Ip => "ip",
        }
    }
}

pub async fn insert_failure(c: &mut Conn, scope: FailureScope, subject: &str, now: i64) -> StoreResult<()> {
    let sql = "INSERT INTO signin_failures (scope, subject, at) VALUES ($1, $2, $3)";
    q!(c, |e| sqlx::query(sql)
        .bind(scope.as_str())
        .bind(subject)
        .bind(now)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// The failure instants of a subject since `since`.
pub async fn list_failures(
    c: &mut Conn,
    scope: FailureScope,
    subject: &str,
    since: i64,
) -> StoreResult<Vec<i64>> {
    let sql = "SELECT at FROM signin_failures WHERE scope = $1 AND subject = $2 AND at > $3 \
               ORDER BY at";
    Ok(q!(c, |e| sqlx::query_scalar(sql)
        .bind(scope.as_str())
        .bind(subject)
        .bind(since)
        .fetch_all(e)
        .await)?)
}

/// A successful sign-in clears the account's failures.
pub async fn delete_failures(c: &mut Conn, scope: FailureScope, subject: &str) -> StoreResult<()> {
    let sql = "DELETE FROM signin_failures WHERE scope = $1 AND subject = $2";
    q!(c, |e| sqlx::query(sql)
        .bind(scope.as_str())
        .bind(subject)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn delete_failures_before(c: &mut Conn, before: i64) -> StoreResult<u64> {
    let sql = "DELETE FROM signin_failures WHERE at <= $1";
    Ok(q!(c, |e| sqlx::query(sql)
        .bind(before)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?)
}
