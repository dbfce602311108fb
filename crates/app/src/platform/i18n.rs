//! Messages in fr, de, en, it, es (MSG-2), from Fluent files compiled into the binary.
//! English is the fallback; a test keeps the five files holding the same keys.

use std::borrow::Cow;
use std::collections::HashMap;

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader, langid};
use kontor_domain::Language;

fluent_templates::static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "en",
        // Unicode isolation marks would end up in e-mails and HTML attributes.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

fn langid(lang: Language) -> LanguageIdentifier {
    match lang {
        Language::Fr => langid!("fr"),
        Language::De => langid!("de"),
        Language::En => langid!("en"),
        Language::It => langid!("it"),
        Language::Es => langid!("es"),
    }
}

/// The message `key` in `lang`.
pub fn t(lang: Language, key: &str) -> String {
    LOCALES.lookup(&langid(lang), key)
}

/// The message `key` in `lang`, or `None` when no language has it.
pub fn t_opt(lang: Language, key: &str) -> Option<String> {
    LOCALES.try_lookup(&langid(lang), key)
}

/// The message `key` in `lang` with named arguments.
pub fn t_args(lang: Language, key: &str, args: &[(&'static str, String)]) -> String {
    let map: HashMap<Cow<'static, str>, FluentValue<'_>> = args
        .iter()
        .map(|(k, v)| (Cow::Borrowed(*k), FluentValue::from(v.as_str())))
        .collect();
    LOCALES.lookup_with_args(&langid(lang), key, &map)
}

/// A message with text arguments and whole-number arguments; the numbers take part in plural
/// selection (`{ $months -> [one] … *[other] … }`), which text arguments cannot.
pub fn t_with(
    lang: Language,
    key: &str,
    texts: &[(&'static str, String)],
    numbers: &[(&'static str, i64)],
) -> String {
    let mut map: HashMap<Cow<'static, str>, FluentValue<'_>> = texts
        .iter()
        .map(|(k, v)| (Cow::Borrowed(*k), FluentValue::from(v.as_str())))
        .collect();
    for (k, n) in numbers {
        map.insert(Cow::Borrowed(*k), FluentValue::from(*n));
    }
    LOCALES.lookup_with_args(&langid(lang), key, &map)
}

/// [`t_with`] for a message that may not exist: `None` when no language has `key`.
pub fn t_with_opt(lang: Language, key: &str, texts: &[(&'static str, String)]) -> Option<String> {
    let map: HashMap<Cow<'static, str>, FluentValue<'_>> = texts
        .iter()
        .map(|(k, v)| (Cow::Borrowed(*k), FluentValue::from(v.as_str())))
        .collect();
    LOCALES.try_lookup_with_args(&langid(lang), key, &map)
}

/// The message ids of each language's files, read from the source tree (completeness test).
pub fn message_ids(source: &str) -> Vec<String> {
    let mut ids: Vec<String> = source
        .lines()
        .filter(|l| l.chars().next().is_some_and(|c| c.is_ascii_lowercase()))
        .filter_map(|l| l.split_once(" =").map(|(id, _)| id.trim().to_owned()))
        .collect();
    ids.sort();
    ids
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The area files of one language (`locales/<lang>/<area>.ftl`), concatenated.
    fn source(lang: Language) -> String {
        let dir = format!("{}/locales/{}", env!("CARGO_MANIFEST_DIR"), lang.as_str());
        area_files(&dir)
            .iter()
            .map(|f| std::fs::read_to_string(format!("{dir}/{f}")).unwrap_or_else(|e| panic!("{f}: {e}")))
            .collect::<Vec<_>>()
            .join("\n")
    }

    fn area_files(dir: &str) -> Vec<String> {
        let mut files: Vec<String> = std::fs::read_dir(dir)
            .unwrap_or_else(|e| panic!("{dir}: {e}"))
            .filter_map(|e| e.ok()?.file_name().into_string().ok())
            .filter(|f| std::path::Path::new(f).extension().is_some_and(|x| x == "ftl"))
            .collect();
        files.sort();
        files
    }

    #[test]
    fn msg_2_every_language_has_the_same_area_files_and_no_key_twice() {
        let english = area_files(&format!("{}/locales/en", env!("CARGO_MANIFEST_DIR")));
        assert!(english.len() > 1, "the messages are split per area");
        for lang in Language::ALL {
            let dir = format!("{}/locales/{}", env!("CARGO_MANIFEST_DIR"), lang.as_str());
            assert_eq!(area_files(&dir), english, "{}", lang.as_str());
            let ids = message_ids(&source(lang));
            let mut unique = ids.clone();
            unique.dedup();
            assert_eq!(ids.len(), unique.len(), "{} defines a key twice", lang.as_str());
        }
    }

    #[test]
    fn msg_2_every_message_exists_in_all_five_languages() {
        let english = message_ids(&source(Language::En));
        assert!(english.len() > 50, "the English catalogue looks empty");
        for lang in Language::ALL {
            let ids = message_ids(&source(lang));
            let missing: Vec<_> = english.iter().filter(|k| !ids.contains(k)).collect();
            let extra: Vec<_> = ids.iter().filter(|k| !english.contains(k)).collect();
            assert!(missing.is_empty(), "{} lacks {missing:?}", lang.as_str());
            assert!(
                extra.is_empty(),
                "{} has keys English lacks: {extra:?}",
                lang.as_str()
            );
        }
    }

    #[test]
    fn msg_2_every_error_code_has_a_console_message() {
        let english = message_ids(&source(Language::En));
        for code in crate::ErrorCode::ALL {
            let key = format!("error-{}", code.as_str());
            assert!(english.contains(&key), "{key} is missing");
        }
    }

    #[test]
    fn msg_2_messages_are_translated_not_copied() {
        assert_eq!(t(Language::Fr, "nav-profile"), "Profil");
        assert_eq!(t(Language::De, "nav-signout"), "Abmelden");
        assert_ne!(t(Language::It, "signin-title"), t(Language::En, "signin-title"));
        let greeting = t_args(Language::Es, "mail-greeting", &[("name", "Ana".to_owned())]);
        assert!(greeting.contains("Ana"), "{greeting}");
    }
}
