package app.lightbox.core.auth;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.ArrayList;
import java.util.List;

/** The JSON shape of {@code accounts.json}. Never holds a token. */
@JsonIgnoreProperties(ignoreUnknown = true)
final class AccountsFileDto {

    public Integer version;
    public String lastUsedAccountId;
    public List<AccountDto> accounts = new ArrayList<>();

    @JsonIgnoreProperties(ignoreUnknown = true)
    static final class AccountDto {
        public String id;
        public String displayName;
        public String apiOrigin;
        public boolean needsNewToken;
    }
}
