use kontor_store::Db;

#[test]
fn ops_1_both_backends_have_the_same_migration_versions() {
    let (sqlite, postgres) = Db::migration_versions();
    assert!(!sqlite.is_empty());
    assert_eq!(sqlite, postgres);
}

/// With `KONTOR_TEST_DATABASE_URL` set, both backends must produce the same tables and columns.
#[tokio::test]
async fn ops_1_both_backends_produce_the_same_tables_and_columns() {
    let dir = std::env::temp_dir().join(format!("kontor-parity-{}", rand::random::<u64>()));
    std::fs::create_dir_all(&dir).unwrap();
    let sqlite = Db::connect(&format!("sqlite://{}", dir.join("p.db").display()), 1)
        .await
        .unwrap();
    sqlite.migrate().await.unwrap();
    let sqlite_schema = sqlite.schema().await.unwrap();
    assert!(
        sqlite_schema
            .iter()
            .any(|(t, c)| t == "users" && c == "support_code")
    );
    let (other, _) = kontor_testkit::fresh_db().await;
    if other.backend() == "postgres" {
        assert_eq!(sqlite_schema, other.schema().await.unwrap());
    }
    let _ = std::fs::remove_dir_all(&dir);
}
