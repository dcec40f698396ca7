package org.jwtgate.it;

/** The sample's own tenants without a network hop on PayaraMicro6. */
class InProcessKeysPayaraMicro6IT extends InProcessKeysContract {
    @Override
    Container.Kind kind() {
        return Container.Kind.PAYARA_MICRO_6;
    }

    @Override
    boolean hasMicroProfileConfig() {
        return true;
    }
}
