package dev.subsync.processing;

/** No receipt was posted for the event's subscription within subsync.receipt-wait. */
public class ReceiptNotFoundException extends UnprocessableEventException {

    public ReceiptNotFoundException(String message) {
        super(message);
    }

    @Override
    public String reason() {
        return "receipt_not_found";
    }
}
