//! Every public type is `Send` and `Sync`.

use oauth_scope::{ErrorKind, ParseError, ParseOptions, Scope, ScopeSet, ScopeToken};

fn assert_send_sync<T: Send + Sync>() {}

#[test]
fn test() {
    assert_send_sync::<ScopeToken<'_>>();
    assert_send_sync::<Scope<'_>>();
    assert_send_sync::<ScopeSet<'_>>();
    assert_send_sync::<ParseError>();
    assert_send_sync::<ErrorKind>();
    assert_send_sync::<ParseOptions>();
    assert_send_sync::<oauth_scope::Tokens<'_>>();
    assert_send_sync::<oauth_scope::Iter<'_>>();
    assert_send_sync::<oauth_scope::RulesError>();
    assert_send_sync::<oauth_scope::Challenge>();
    assert_send_sync::<oauth_scope::StepUpError>();
    assert_send_sync::<oauth_scope::StepUpErrorKind>();
    assert_send_sync::<oauth_scope::ProtectedResourceMetadata>();
    assert_send_sync::<oauth_scope::MetadataError>();
    assert_send_sync::<oauth_scope::MetadataErrorKind>();
    assert_send_sync::<oauth_scope::BearerMethod>();
    assert_send_sync::<oauth_scope::tower::GrantedScope>();
    assert_send_sync::<oauth_scope::tower::RequireScopeLayer>();
    assert_send_sync::<oauth_scope::tower::RequireScope<()>>();
}
