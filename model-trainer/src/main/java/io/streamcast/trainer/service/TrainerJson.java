package io.streamcast.trainer.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The one Jackson mapper of the trainer's documents (decision records, HTTP bodies): their keys, order and
 * optional keys are the records' own annotations, so every writer writes them alike.
 */
final class TrainerJson {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private TrainerJson() {}

    static byte[] bytes(Object document) throws JsonProcessingException {
        return MAPPER.writeValueAsBytes(document);
    }

    /** The document as one line of JSON, for the log; a document that cannot be written says why instead. */
    static String line(Object document) {
        try {
            return MAPPER.writeValueAsString(document);
        } catch (JsonProcessingException e) {
            return document + " (not written as JSON: " + e.getOriginalMessage() + ")";
        }
    }
}
