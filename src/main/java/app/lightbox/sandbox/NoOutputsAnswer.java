package app.lightbox.sandbox;

/**
 * How GET /outputs answers for a completed workflow that produced nothing. The ComfyControl docs say
 * both (an empty array in the notes, 404 in the error list), so clients must cope with either.
 */
public enum NoOutputsAnswer {
    EMPTY_ARRAY, NOT_FOUND
}
