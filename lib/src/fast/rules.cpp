// The rule decisions of the fast path that wait for an object's end: a map's members once
// duplicates are known, an action once its @odata.type is known, data once its actions are
// known, and the verdict once the document is complete.
#include <optional>

#include "fast/handler.h"

namespace entracheck::internal::fast {

void FastHandler::resolve_map(const Frame& map) {
  std::uint64_t bytes = 0;
  Fault best;
  for (std::uint32_t i = map.entries_begin; i < entry_count_; ++i) {
    const MapEntry& e = scratch_.entries[i];
    if (!e.live) continue;
    bytes += e.value_bytes;
    if (e.fault != Rule::kAccepted && outranks(e.fault, e.fault_offset, best)) {
      JsonPointer pointer;
      pointer.truncate(0);
      bool ok = map.path_ok;
      if (ok) {
        pointer = path_;
        pointer.truncate(map.path_len);
        ok = pointer.append_token(std::string_view(begin_ + e.key_pos, e.key_len));
        if (ok && e.fault_index >= 0)
          ok = pointer.append_index(static_cast<std::size_t>(e.fault_index));
        if (!ok) {  // too long: point at the map itself, which still resolves
          pointer = path_;
          pointer.truncate(map.path_len);
        }
      }
      offer(best, e.fault, e.fault_offset, map.path_ok ? &pointer : nullptr);
    }
  }
  // The claims rules (8 to 10) are about an action's claims.
  if (map.role == Role::kClaims && !map.data_field)
    action_.claims_bytes[static_cast<std::size_t>(map.field)] = bytes;
  offer(field_fault(map.field, map.data_field), best);
  // Pop this map's entries and keys: maps nest strictly, so the arenas are stacks.
  entry_count_ = map.entries_begin;
}

void FastHandler::resolve_action() {
  // path_ is the action's pointer here.
  const Frame& f = frames_[depth_ - 1];
  const JsonPointer* action_pointer = path_if(f.path_ok);
  Fault& best = data_facts_.actions_fault;

  if (action_.type == ActionFacts::Type::kMissing) {
    offer_rule(best, Rule::kActionTypeMissing, action_.start, action_pointer);
    return;
  }
  const JsonPointer* type_pointer = f.path_ok ? &action_.type_pointer : nullptr;
  if (action_.type == ActionFacts::Type::kUnknown) {
    offer_rule(best, Rule::kActionTypeUnknown, action_.type_offset, type_pointer);
    return;
  }

  const ActionFields& action = action_fields(action_.action);
  if (!action_.exact_case) warn(WarningKind::kTypeCasing, type_pointer);
  if (action.legacy_alias) warn(WarningKind::kLegacyActionAlias, type_pointer);

  const FieldMask declared = action.required | action.optional;
  for (const FieldInfo& info : field_table()) {
    if (info.location != FieldLocation::kAction) continue;
    const std::size_t i = static_cast<std::size_t>(info.field);
    if (action_.fields.presence[i] == Presence::kAbsent) continue;
    if (!(declared & FieldBit(info.field))) {
      JsonPointer member = path_;
      warn(WarningKind::kUnknownMember,
           f.path_ok && member.append_token(info.name) ? &member : action_pointer);
      continue;
    }
    offer(best, action_field_fault_[i]);
  }

  if (action.event != event_)
    offer_rule(best, Rule::kActionWrongEvent, action_.type_offset, type_pointer);

  resolve_action_claims(action, action_pointer, best);

  for (const FieldInfo& info : field_table()) {
    if (info.location != FieldLocation::kAction || info.kind == FieldKind::kClaims) continue;
    if (!(action.required & FieldBit(info.field))) continue;
    const Presence p = action_.fields.presence[static_cast<std::size_t>(info.field)];
    if (p == Presence::kAbsent || p == Presence::kNull) {
      offer_rule(best, Rule::kFieldRequiredMissing, action_.start, action_pointer);
    }
  }

  // Fields that live in data beside actions (passwordSubmit's nonce) are checked with data,
  // which may have come before or may come after this action.
  for (const FieldInfo& info : field_table()) {
    if (info.location != FieldLocation::kData) continue;
    if (action.required & FieldBit(info.field)) data_facts_.fields_required |= FieldBit(info.field);
    if (declared & FieldBit(info.field)) data_facts_.fields_declared |= FieldBit(info.field);
  }
}

// Rules 8 to 10 and the claims warnings, for every claims field (FieldKind::kClaims) the action
// declares: a declared claims map must be there, even empty, and stay within the size limit.
void FastHandler::resolve_action_claims(const ActionFields& action,
                                        const JsonPointer* action_pointer, Fault& best) {
  const Frame& f = frames_[depth_ - 1];
  const FieldMask declared = action.required | action.optional;
  for (const FieldInfo& info : field_table()) {
    if (info.kind != FieldKind::kClaims || info.location != FieldLocation::kAction) continue;
    if (!(declared & FieldBit(info.field))) continue;
    const std::size_t i = static_cast<std::size_t>(info.field);
    const Presence p = action_.fields.presence[i];
    if (p == Presence::kAbsent || p == Presence::kNull) {
      offer_rule(best, Rule::kClaimsMissing, action_.start, action_pointer);
    } else if (p == Presence::kPresent) {
      JsonPointer claims = path_;
      const JsonPointer* claims_pointer =
          f.path_ok && claims.append_token(info.name) ? &claims : action_pointer;
      if (claims_exceed_limit(policy_, action_.claims_bytes[i])) {
        offer_rule(best, Rule::kClaimsTooLarge, action_.fields.offset[i], claims_pointer);
      } else if (claims_near_limit(policy_, action_.claims_bytes[i])) {
        warn(WarningKind::kClaimsNearLimit, claims_pointer);
      }
    }
  }
}

void FastHandler::resolve_data() {
  // path_ is "/data" here.
  const Frame& f = frames_[depth_ - 1];
  const JsonPointer* data_pointer = path_if(f.path_ok);
  auto member_pointer = [&](std::string_view name, JsonPointer& out) -> const JsonPointer* {
    out = path_;
    return f.path_ok && out.append_token(name) ? &out : data_pointer;
  };
  DataFacts& d = data_facts_;
  Fault best;
  JsonPointer scratch_pointer;

  if (d.type != Presence::kPresent) {
    offer_rule(best, Rule::kEnvelopeTypeMissing,
               d.type == Presence::kAbsent ? d.start : d.type_offset,
               d.type == Presence::kAbsent ? data_pointer
                                           : member_pointer("@odata.type", scratch_pointer));
  } else if (!d.type_matches) {
    offer_rule(best, Rule::kEnvelopeTypeWrong, d.type_offset,
               member_pointer("@odata.type", scratch_pointer));
  } else if (!d.type_exact_case) {
    warn(WarningKind::kTypeCasing, member_pointer("@odata.type", scratch_pointer));
  }

  if (d.actions != Presence::kPresent) {
    offer_rule(
        best, Rule::kEnvelopeActionsMissing,
        d.actions == Presence::kAbsent ? d.start : d.actions_offset,
        d.actions == Presence::kAbsent ? data_pointer : member_pointer("actions", scratch_pointer));
  } else {
    offer(best, d.actions_fault);
    if (d.action_count != 1) {
      offer_rule(best, Rule::kActionsCount, d.actions_offset,
                 member_pointer("actions", scratch_pointer));
    }
  }

  resolve_data_fields(best, data_pointer);
  data_fault_ = best;
}

// Data-level fields (FieldLocation::kData) count only with an action that declares them:
// otherwise Entra ignores them (a warning). A declared one is checked like an action's field;
// the echoed request field (data.nonce) must also equal the value Entra sent, when known.
void FastHandler::resolve_data_fields(Fault& best, const JsonPointer* data_pointer) {
  const Frame& f = frames_[depth_ - 1];
  const DataFacts& d = data_facts_;
  static const std::optional<Field> echoed = echoed_request_field();
  for (const FieldInfo& info : field_table()) {
    if (info.location != FieldLocation::kData) continue;
    const std::size_t i = static_cast<std::size_t>(info.field);
    const FieldMask bit = FieldBit(info.field);
    const Presence p = d.fields.presence[i];
    JsonPointer member;
    auto member_pointer = [&]() -> const JsonPointer* {
      member = path_;
      return f.path_ok && member.append_token(info.name) ? &member : data_pointer;
    };
    if (!(d.fields_declared & bit)) {
      if (p != Presence::kAbsent) warn(WarningKind::kUnknownMember, member_pointer());
      continue;
    }
    if (p == Presence::kPresent || p == Presence::kWrongType) offer(best, data_field_fault_[i]);
    if (p == Presence::kWrongType || !(d.fields_required & bit)) continue;
    if (p == Presence::kAbsent || p == Presence::kNull) {
      offer_rule(best, Rule::kFieldRequiredMissing, d.start, data_pointer);
    } else if (info.field == echoed && !d.nonce_matches) {
      offer_rule(best, Rule::kNonceMismatch, d.fields.offset[i], member_pointer());
    }
  }
}

void FastHandler::finish() {
  Fault best;
  JsonPointer root;  // "" points at the whole document
  if (root_kind_ != ValueKind::kObject) {
    offer_rule(best, Rule::kEnvelopeRootNotObject, root_start_, &root);
  } else if (data_ != Presence::kPresent) {
    JsonPointer data;
    data.append_token("data");
    if (legacy_markers_ && data_ == Presence::kAbsent) {
      offer_rule(best, Rule::kEnvelopeLegacyShape, root_start_, &root);
    } else {
      offer_rule(best, Rule::kEnvelopeDataMissing,
                 data_ == Presence::kAbsent ? root_start_ : data_offset_,
                 data_ == Presence::kAbsent ? &root : &data);
    }
  } else {
    best = data_fault_;
  }
  if (error_markers_) verdict_.add_warning(WarningKind::kLooksLikeError, nullptr);
  if (best.present()) {
    verdict_.set_rule(best.rule);
    verdict_.set_location(best.has_pointer ? &best.pointer : nullptr, best.offset);
  }
}

}  // namespace entracheck::internal::fast
