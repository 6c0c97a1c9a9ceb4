package io.tenfold.security;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tenfold.system.Problems;
import io.tenfold.system.ServesApi;
import jakarta.validation.Valid;
import java.security.Principal;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Creating, listing and revoking API keys; the filter chain lets only admin keys in. */
@RestController
@ServesApi
@RequestMapping("/api/v1/admin/api-keys")
@Tag(name = "API keys", description = "Keys with scopes (classify, train, admin); all need the admin scope")
class ApiKeyController {

    private static final Logger log = LoggerFactory.getLogger(ApiKeyController.class);

    private final ApiKeys keys;

    ApiKeyController(ApiKeys keys) {
        this.keys = keys;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create an API key", description = "The response holds the key itself, shown this once.")
    NewApiKeyResponse create(@Valid @RequestBody ApiKeyRequest request, Principal caller) {
        if (!keys.required()) {
            throw Problems.conflict("Authentication is off", "This service has no API key, so it runs without "
                    + "authentication; a key created here would lock it. Configure the first admin key with "
                    + "TENFOLD_SECURITY_ADMIN_KEY (tenfold.security.admin-key), restart, and create keys with it.");
        }
        ApiKeys.Created created = keys.create(request.name().strip(), scopes(request.scopes()));
        log.info("API key '{}' ({}) created with scopes {} by '{}'", created.key().name(), created.key().id(),
                Scope.format(created.key().scopes()), caller.getName());
        return NewApiKeyResponse.of(created);
    }

    @GetMapping
    @Operation(summary = "List API keys, without secrets",
            description = "Keys from configuration first, then those created here, newest first; revoked ones too.")
    List<ApiKeyResponse> list() {
        return keys.list().stream().map(ApiKeyResponse::of).toList();
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Revoke an API key", description = "Refused from the next request on. Keys given by "
            + "configuration are removed from the configuration instead.")
    void revoke(@PathVariable String id, Principal caller) {
        keys.revoke(id);
        log.info("API key {} revoked by '{}'", id, caller == null ? "(nobody: authentication is off)" : caller.getName());
    }

    private static Set<Scope> scopes(List<String> names) {
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        for (String name : names) {
            scopes.add(Scope.parse(name == null ? "" : name.strip()));
        }
        return scopes;
    }
}
