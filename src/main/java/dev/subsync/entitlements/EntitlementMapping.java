package dev.subsync.entitlements;

import dev.subsync.settings.InvalidSettingException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Which Stripe products grant which entitlements, read from settings named
 * {@code subsync.entitlements.<entitlement_id>=<product ids, comma-separated>}, or from environment
 * variables {@code SUBSYNC_ENTITLEMENTS_<ENTITLEMENT_ID>} (whose id is read in lower case). A product
 * no entitlement names grants one named after the product (in SQL: {@code entitlements_of}).
 */
public record EntitlementMapping(Map<String, List<String>> productsByEntitlement) {

    public static final String PREFIX = "subsync.entitlements.";
    public static final String ENVIRONMENT_PREFIX = "SUBSYNC_ENTITLEMENTS_";
    private static final Pattern ENTITLEMENT_ID = Pattern.compile("[A-Za-z0-9_.:-]{1,100}");
    private static final Pattern PRODUCT_ID = Pattern.compile("[A-Za-z0-9_.:-]{1,255}");

    /** From settings as read (keys with either prefix); the settings' own names win over the environment. */
    public static EntitlementMapping of(Map<String, String> settings) {
        Map<String, List<String>> mapping = new TreeMap<>();
        settings.forEach((key, value) -> {
            if (key.startsWith(ENVIRONMENT_PREFIX)) {
                mapping.putIfAbsent(key.substring(ENVIRONMENT_PREFIX.length()).toLowerCase(Locale.ROOT), products(key, value));
            }
        });
        settings.forEach((key, value) -> {
            if (key.startsWith(PREFIX)) {
                mapping.put(key.substring(PREFIX.length()), products(key, value));
            }
        });
        mapping.keySet().forEach(id -> {
            if (!ENTITLEMENT_ID.matcher(id).matches()) {
                throw new InvalidSettingException("entitlement id '" + id + "' in " + PREFIX + id
                        + " must be 1 to 100 letters, digits or _ . : -");
            }
        });
        return new EntitlementMapping(Map.copyOf(mapping));
    }

    private static List<String> products(String key, String value) {
        List<String> products = new ArrayList<>();
        for (String product : value == null ? new String[0] : value.split(",")) {
            String id = product.strip();
            if (!id.isEmpty() && !PRODUCT_ID.matcher(id).matches()) {
                throw new InvalidSettingException(key + " must list Stripe product ids (prod_...), comma-separated");
            }
            if (!id.isEmpty() && !products.contains(id)) {
                products.add(id);
            }
        }
        if (products.isEmpty()) {
            throw new InvalidSettingException(key + " names no product: list the Stripe product ids that grant it");
        }
        return List.copyOf(products);
    }
}
